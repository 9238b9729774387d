import { hash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The columns a row's hash covers, in a fixed order; `detail` is already canonical text. */
export type HashedColumns = readonly [
  seq: number,
  ts: string,
  actor: string,
  orgId: string | null,
  cloud: string | null,
  step: string,
  outcome: string,
  correlationId: string | null,
  detail: string,
];

/** hash(row) = SHA-256(previous row's hash, newline, the row's canonical content). */
export function rowHash(prevHash: string, columns: HashedColumns): string {
  return hashOf(prevHash, JSON.stringify(columns));
}

/** The same hash, from the columns' JSON text when it is already at hand. */
export function hashOf(prevHash: string, canonicalColumns: string): string {
  return hash('sha256', `${prevHash}\n${canonicalColumns}`, 'hex');
}
