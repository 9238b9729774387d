/**
 * The shapes of the credentials this app can meet. Used two ways: to keep them out of drafts (a
 * whole field's value that is one), and to redact them from log lines (anywhere in the text).
 */
const CREDENTIAL_VALUE: readonly RegExp[] = [
  /^cf[a-z]{1,2}_[A-Za-z0-9_-]{20,}$/, // Cloudflare API tokens and keys (cfut_, cfat_, cfk_ …)
  /^[A-Za-z0-9_-]{40}$/, // Cloudflare tokens in the legacy 40-character form
  /^[0-9a-f]{37}$/, // Cloudflare Global API keys
  /^v1\.0-[0-9a-f-]{20,}$/, // Cloudflare Origin CA keys
  /^eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/, // JWTs
  /^(?:AKIA|ASIA)[A-Z0-9]{16}$/, // AWS access key ids
  /^ya29\.[A-Za-z0-9._-]{20,}$/, // Google access tokens
  /^gAAAAA[A-Za-z0-9_-]{40,}={0,2}$/, // Fernet tokens
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
];

/** A field's whole value that is a credential (never kept in a draft). */
export function looksLikeCredential(value: string): boolean {
  const v = value.trim();
  return CREDENTIAL_VALUE.some((shape) => shape.test(v));
}

/** Credentials anywhere in a text, for redaction. Broad on purpose: a log loses nothing it needs. */
const CREDENTIAL_IN_TEXT: readonly RegExp[] = [
  // A token wrapped over lines (a terminal, a 76-column mail body) is still one token: a line break
  // and the next line's indentation may sit between its characters.
  /\bcf[a-z]{1,2}_(?:[A-Za-z0-9_-]|\r?\n[ \t]*(?=[A-Za-z0-9_-])){20,}/g,
  /\beyJ(?:[A-Za-z0-9_-]|\r?\n[ \t]*(?=[A-Za-z0-9_-])){8,}(?:\r?\n[ \t]*)?\.(?:[A-Za-z0-9_-]|\r?\n[ \t]*(?=[A-Za-z0-9_-])){8,}(?:\r?\n[ \t]*)?\.(?:[A-Za-z0-9_-]|\r?\n[ \t]*(?=[A-Za-z0-9_-])){8,}/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  /\bya29\.[A-Za-z0-9._-]{20,}/g,
  /\bv1\.0-[0-9a-f-]{20,}/g,
  /\bgAAAAA[A-Za-z0-9_-]{40,}={0,2}/g,
  /\botpauth:\/\/[^\s"]+/g, // MFA setup links (they hold the seed)
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/-]+=*/gi, // Authorization header values, however short
  /(\/\/)[^/\s:@"]+:[^/\s@"]+@/g, // credentials in a URL (user:pass@)
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, // even when cut short
  /(?<![A-Za-z0-9_/+=-])[A-Za-z0-9_-]{40}(?![A-Za-z0-9_/+=-])/g, // legacy Cloudflare tokens
  // AWS secret access keys: standard base64, so never part of a base64url value (a key fingerprint,
  // a jti) whose neighbours are '_' or '-'; after "KEY=" it is still a key.
  /(?<![A-Za-z0-9/+_-])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=_-])/g,
  // …and one holding '/' or '+' (never in base64url) is a key whatever its neighbours: "secret-<key>", "<key>_old".
  /(?<![A-Za-z0-9/+])(?=[A-Za-z0-9]*[/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
  /\b[0-9a-f]{37}\b/g, // Cloudflare Global API keys
  /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g, // Azure client secrets (xxx8Q~…)
];

/** Characters that hide inside a pasted value without showing: zero-width spaces and joiners, soft hyphens, BOMs. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]/g;

// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const TERMINAL_CODES = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u009b[0-9;?]*[ -/]*[@-~]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * The same codes written as escapes, as they stand in JSON, a quoted string or a URL: a JSON log
 * line carries "\u001b[33m" and "\n" as letters ending in 'm' and 'n', and "token%3D" ends in 'D',
 * so no word boundary would come before the token glued to them (sixteenth review P-R1).
 */
const ESCAPED_CODES = /\\(?:u001[bB]|x1[bB]|033|e)\[[0-9;?]*[ -/]*[@-~]|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\[nrtbfv0]|%[0-9A-Fa-f]{2}/g;

/**
 * The text as credentials are looked for in it: terminal colour and cursor codes (a helper's
 * coloured stderr), other control characters and their escaped forms blanked, one space per
 * character so positions still match the original. Line breaks and tabs stay.
 */
function matchingView(text: string): string {
  const blank = (m: string) => ' '.repeat(m.length);
  return text.replace(TERMINAL_CODES, blank).replace(ESCAPED_CODES, blank);
}

/**
 * Whether a credential is anywhere inside a value ("Bearer cfut_…", "cfut_… (from 1Password)", an
 * AWS secret access key in a sentence), after the characters that hide a split are taken out and
 * look-alikes folded (NFKC): a token split by a zero-width space is still a token.
 */
export function containsCredential(value: string): boolean {
  const plain = value.normalize('NFKC').replace(INVISIBLE, '');
  return [plain, matchingView(plain)].some((text) => looksLikeCredential(text) || CREDENTIAL_IN_TEXT.some((shape) => new RegExp(shape.source, shape.flags.replace('g', '')).test(text)));
}

/** The text with every credential shape replaced; invisible characters go first, so a zero-width space splits no token out of reach. */
export function redactCredentials(text: string): string {
  let out = text.replace(INVISIBLE, '');
  // Control characters and escapes are kept as they were (an audit row holds what was said): tokens
  // are found on a copy with them blanked, and cut from the original at the same places.
  if (matchingView(out) !== out) return redactAround(out);
  for (const shape of CREDENTIAL_IN_TEXT) out = out.replace(shape, (match: string, prefix?: string) => (typeof prefix === 'string' && prefix === '//' ? '//[redacted]@' : '[redacted]'));
  return out;
}

function redactAround(text: string): string {
  const cuts: [number, number][] = [];
  // Found in the text as it is and in the blanked view: a blank inside a match ("p%40ss" in a URL's
  // credentials) must not hide what the text alone shows.
  for (const shape of CREDENTIAL_IN_TEXT) {
    const matches = [text, matchingView(text)].flatMap((view) => [...view.matchAll(new RegExp(shape.source, shape.flags.includes('g') ? shape.flags : `${shape.flags}g`))]);
    for (const m of matches) {
      // A URL's credentials keep their "//" and "@" around the cut.
      const url = m[1] === '//';
      cuts.push(url ? [m.index + 2, m.index + m[0].length - 1] : [m.index, m.index + m[0].length]);
    }
  }
  if (cuts.length === 0) return text;
  cuts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of cuts) {
    if (end <= at) continue;
    out += `${text.slice(at, Math.max(at, start))}[redacted]`;
    at = Math.max(at, end);
  }
  return out + text.slice(at);
}
