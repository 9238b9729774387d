import { z } from 'zod';
import { type AuditStep } from '../domain/audit.js';

/**
 * How a channel is audited. The router writes the rows, never the handler:
 * - `outcome`: one row after the call, succeeded or failed;
 * - `pending-outcome`: a `pending` row before the call and the outcome after it, so a crash in
 *   between leaves a row the next start closes as `interrupted`. Every channel that changes saved
 *   state uses it: no change is ever visible without its row (`outcome` is for checks and reads).
 */
export interface AuditDeclaration {
  readonly step: AuditStep;
  readonly mode: 'outcome' | 'pending-outcome';
}

/** One IPC channel: its name, its validated input and output, and the policies main enforces. */
export interface ChannelContract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly domain: string;
  readonly method: string;
  readonly channel: string;
  readonly input: I;
  readonly output: O;
  /** Requires a step-up MFA grant bound to the payload's `orgId`. */
  readonly stepUp: boolean;
  readonly audit: AuditDeclaration | null;
  /** A larger payload limit than MAX_PAYLOAD_BYTES, for the few channels that carry a file. */
  readonly maxPayloadBytes: number;
  readonly summary: string;
}

export function defineChannel<const D extends string, const M extends string, I extends z.ZodType, O extends z.ZodType>(def: {
  domain: D;
  method: M;
  input: I;
  output: O;
  stepUp?: boolean;
  audit?: AuditDeclaration;
  maxPayloadBytes?: number;
  summary: string;
}): ChannelContract<I, O> & { readonly domain: D; readonly method: M; readonly channel: `${D}:${M}` } {
  return {
    domain: def.domain,
    method: def.method,
    channel: `${def.domain}:${def.method}`,
    input: def.input,
    output: def.output,
    stepUp: def.stepUp ?? false,
    audit: def.audit ?? null,
    maxPayloadBytes: def.maxPayloadBytes ?? MAX_PAYLOAD_BYTES,
    summary: def.summary,
  };
}

export const emptyInput = z.strictObject({});

/** Largest payload main accepts on any channel, before parsing. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
