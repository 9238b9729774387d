import { safe } from './terminal.js';
import { printableJson } from '../../shared/domain/printable-json.js';
import { redactCredentials } from '../../shared/domain/secret-shapes.js';
import { type ErrorData, isCloudRefusal } from '../../shared/domain/errors.js';
import type { CliIo } from './io.js';

/** Exit codes: 0 ok, 1 the cloud (or the platform) said no, 2 bad input or configuration, 3 a bundle or receipt was rejected, 4 queued for the platform and not delivered yet, 130 interrupted (Ctrl-C), as shells count it. */
export const EXIT = { ok: 0, cloudRefused: 1, badInput: 2, rejected: 3, queued: 4, interrupted: 130 } as const;

export function exitCodeFor(error: ErrorData): number {
  if (error.code === 'cancelled') return EXIT.interrupted;
  return isCloudRefusal(error.code) ? EXIT.cloudRefused : EXIT.badInput;
}

/** Payload field names as the CLI user typed them. */
const FLAG_NAMES: Readonly<Record<string, string>> = {
  orgId: '--org',
  roleArn: '--role-arn',
  region: '--region',
  tenantId: '--tenant-id',
  subscriptionId: '--subscription-id',
  managementGroupId: '--management-group',
  organizationId: '--organization',
  folderId: '--folder',
  projectId: '--project-id',
  projectNumber: '--project-number',
  memberScope: '--member-scope',
  template: '--template',
  accountId: '--account-id',
  token: 'the token on standard input',
  code: '--otp',
  currentCode: '--otp',
};

/** An error's words with every credential's shape redacted, for JSON as for text. */
function redactedError(error: ErrorData): ErrorData {
  const redact = (v: unknown): unknown => (typeof v === 'string' ? redactCredentials(v) : Array.isArray(v) ? v.map(redact) : v);
  return {
    ...error,
    message: redactCredentials(error.message),
    hint: redactCredentials(error.hint),
    ...(error.details ? { details: Object.fromEntries(Object.entries(error.details).map(([k, v]) => [k, redact(v)])) as ErrorData['details'] } : {}),
  };
}

export function printError(io: CliIo, error: ErrorData, json: boolean): void {
  if (json) {
    // Redacted as the text is, and printable (a file name from a pasted list may carry anything).
    printJson(io, { error: redactedError(error) });
    return;
  }
  // Defence in depth: whatever an error quotes, a credential's shape is never printed.
  let message = redactCredentials(error.message);
  for (const [field, flag] of Object.entries(FLAG_NAMES)) message = message.replace(new RegExp(`\\b${field}: `, 'g'), `${flag}: `);
  // A message may quote a value from outside: each part stays on its own line.
  io.err(safe`error: ${message}\n`);
  if (error.details) {
    for (const [k, v] of Object.entries(error.details)) io.err(safe`  ${k}: ${redactCredentials(Array.isArray(v) ? v.join(', ') : v)}\n`);
  }
  io.err(safe`hint: ${redactCredentials(error.hint)}\n`);
}

/** JSON for a script or a terminal: what a terminal would act on is escaped, the value unchanged. */
export function printJson(io: CliIo, value: unknown): void {
  io.out(`${printableJson(JSON.stringify(value, null, 2))}\n`);
}

// Kept where the commands import it from; it lives alone so that io.ts can throw it without a cycle.
export { CliUsageError, shownWord, unexpectedArgument } from './usage-error.js';
