import { AppError } from '../../shared/domain/errors.js';

/**
 * A full disk, however it surfaces — SQLite's SQLITE_FULL ("database or disk is full"), a write's
 * ENOSPC or EDQUOT — as one sentence that says what to do. Undefined for any other failure.
 */
export function storageFull(error: unknown): AppError | undefined {
  if (error instanceof AppError) return undefined;
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || /database or disk is full|no space left on device|disk quota exceeded/i.test(message)) {
    return new AppError('config_invalid', "The disk holding the app's data folder is full, so nothing was changed.", 'Free some space on that disk, then retry.');
  }
  return undefined;
}
