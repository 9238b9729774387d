/**
 * The closed set of error codes that cross the IPC and CLI boundaries. Every failure a user can
 * see is one of these, with a message (what went wrong) and a hint (what to do next).
 */
export const ERROR_CODES = [
  'bad_request',
  'payload_too_large',
  'sender_rejected',
  'not_found',
  'conflict',
  'config_missing',
  'config_invalid',
  'precondition_failed',
  'step_up_required',
  'mfa_not_enrolled',
  'mfa_invalid',
  'mfa_locked',
  'keychain_unavailable',
  'secret_missing',
  'cloud_denied',
  'cloud_unreachable',
  'cloud_error',
  'cancelled',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorData {
  code: ErrorCode;
  message: string;
  hint: string;
  /** Structured facts the UI can lay out (expected vs presented values, field names). */
  details?: Record<string, string | string[]>;
  /** The form field the error is about, when there is one. */
  field?: string;
}

/** A failure that knows how to explain itself. Thrown inside main; crosses IPC as {@link ErrorData}. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly details: Readonly<Record<string, string | string[]>> | undefined;
  readonly field: string | undefined;
  /**
   * Set when the failure is in AlphaSwarm's own part of the setup (the federated credential on its
   * Azure app, the binding on its GCP service account), not the customer's. Stays in main.
   */
  readonly side: 'platform' | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    hint: string,
    extra: { details?: Record<string, string | string[]>; field?: string; cause?: unknown; side?: 'platform' } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'AppError';
    this.code = code;
    this.hint = hint;
    this.details = extra.details;
    this.field = extra.field;
    this.side = extra.side;
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, message: this.message, hint: this.hint };
    if (this.details) data.details = { ...this.details };
    if (this.field) data.field = this.field;
    return data;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Errors the cloud caused (exit code 1 in the CLI); everything else is input or configuration (2). */
export function isCloudRefusal(code: ErrorCode): boolean {
  return code === 'cloud_denied' || code === 'cloud_unreachable' || code === 'cloud_error';
}
