/**
 * Secret-shaped text, for the log's last line of defence: callers never log payloads, but a message
 * built from an SDK's error could carry a token. Each pattern is a kind of credential this app can
 * meet; what matches is replaced, never the whole line dropped.
 */
const SECRET_SHAPES: readonly RegExp[] = [
  /\bcf[au]t_[A-Za-z0-9_-]{20,}/g, // Cloudflare user/account API tokens
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWTs (subject tokens, access tokens)
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, // AWS access key ids
  /\b[0-9a-f]{37}\b/g, // Cloudflare Global API keys
  /\bgAAAAA[A-Za-z0-9_-]{40,}={0,2}/g, // Fernet tokens (stored secrets)
  /\botpauth:\/\/[^\s"]+/g, // MFA setup links (they hold the seed)
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/-]{16,}=*/gi, // Authorization header values
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

/** Field names whose value is never logged, whatever it looks like. */
const SECRET_KEYS = /token|secret|password|passphrase|authorization|cookie|seed|private|credential/i;

export function redactText(text: string): string {
  let out = text;
  for (const shape of SECRET_SHAPES) out = out.replace(shape, '[redacted]');
  return out;
}

export function redactFields(fields: Readonly<Record<string, string | number | boolean | null>>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SECRET_KEYS.test(key) ? '[redacted]' : typeof value === 'string' ? redactText(value) : value;
  }
  return out;
}
