import { z } from 'zod';
import { validationError } from '../../ipc/router.js';
import { CliFailure } from '../session.js';

/**
 * A payload built from flags, checked against the channel's own input schema before it is sent: the
 * command then holds the contract's type, and a bad flag is reported as the window would report it.
 */
export function checked<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = z.safeParse(schema, raw);
  if (!parsed.success) throw new CliFailure(validationError(parsed.error).toData());
  return parsed.data;
}
