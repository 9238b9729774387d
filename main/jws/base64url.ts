/**
 * Base64url without padding, decoded only in its one canonical spelling. Node's decoder ignores
 * the unused low bits of the last character, so two spellings can decode to the same bytes; a
 * signed file must not have a second spelling that still verifies.
 */
export function decodeBase64urlStrict(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
