/** The synthetic tenant for AlphaSwarm's own accounts. */
export const PLATFORM_ORG_ID = '__platform__';

/** Customer org ids (the platform tenant aside), as a regular expression's source for JSON Schema too. */
export const ORG_ID_PATTERN_SOURCE = '^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])|__platform__)$';
const ORG_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])$/;

export const ORG_ID_RULE =
  'An org id is 2–63 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit (or the platform tenant "__platform__").';

/** Why an org id is unacceptable, or undefined when it is fine. */
export function orgIdProblem(value: string): string | undefined {
  if (value === PLATFORM_ORG_ID) return undefined;
  if (value.length === 0) return 'The org id is empty.';
  if (value.trim() !== value) return 'The org id has spaces around it.';
  if (value.length < 2) return 'The org id is too short (at least 2 characters).';
  if (value.length > 63) return `The org id is ${value.length} characters long; the limit is 63.`;
  if (/[/\\]|\.\./.test(value) || value.includes('\0')) return 'The org id contains path characters.';
  if (/[A-Z]/.test(value)) return 'The org id has uppercase letters; org ids are lowercase.';
  if (!ORG_ID_PATTERN.test(value)) return 'The org id has characters that are not allowed.';
  return undefined;
}

export function isPlatformOrg(orgId: string): boolean {
  return orgId === PLATFORM_ORG_ID;
}
