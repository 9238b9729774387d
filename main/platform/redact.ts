import { redactCredentials } from '../../shared/domain/secret-shapes.js';

/** Field names whose value is never logged, whatever it looks like. */
const SECRET_KEYS = /token|secret|password|passphrase|authorization|cookie|seed|private|credential/i;

/** A log line's text with every credential-shaped part replaced. */
export function redactText(text: string): string {
  return redactCredentials(text);
}

export function redactFields(fields: Readonly<Record<string, string | number | boolean | null>>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SECRET_KEYS.test(key) ? '[redacted]' : typeof value === 'string' ? redactText(value) : value;
  }
  return out;
}
