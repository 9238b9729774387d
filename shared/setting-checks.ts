/** The checks settings share: what makes a value unacceptable, in words a person reads. */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Characters that would change meaning in a shell, HCL, YAML or JSON artifact: never in a setting. */
const ARTIFACT_HOSTILE = /[\s"'`$\\{}<>|;&%]/;

export function urlProblem(value: string, options: { httpsOnly?: boolean; noQuery?: boolean } = {}): string | undefined {
  if (value.length > 2048) return 'is too long for a URL';
  if (/[\s"'`\\<>{}|^]/.test(value)) return 'has characters a URL cannot carry (spaces, quotes, braces or backslashes)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (options.httpsOnly ? url.protocol !== 'https:' : url.protocol !== 'https:' && url.protocol !== 'http:') {
    return options.httpsOnly ? 'must be an https URL' : 'must be an http(s) URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (options.noQuery && (url.search || url.hash)) return 'must have no query or fragment';
  return undefined;
}

export const httpUrl = (value: string) => urlProblem(value);
export const guid = (value: string) => (GUID.test(value) ? undefined : 'must be a GUID (8-4-4-4-12 hex digits)');

/**
 * An audience is an opaque string, but it reaches trust policies, gcloud commands and Terraform:
 * only URL and URN characters, so no quote, brace, dollar or space can ever change an artifact.
 */
export function audienceProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > 512) return 'must be 1–512 characters';
  if (ARTIFACT_HOSTILE.test(value)) return 'may only hold the characters of a URL or URN (no spaces, quotes, braces, $, % or backslashes)';
  if (!/^[\x21-\x7e]+$/.test(value)) return 'may only hold printable ASCII';
  return undefined;
}

export const positiveInt = (max: number) => (value: string) =>
  /^\d+$/.test(value) && Number(value) > 0 && Number(value) <= max ? undefined : `must be a whole number from 1 to ${max}`;

export const ROLE_NAME_PLACEHOLDER = '{org_id}';

export function roleNamePatternProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > 64) return 'must be 1–64 characters';
  if (!value.includes(ROLE_NAME_PLACEHOLDER)) return `must contain ${ROLE_NAME_PLACEHOLDER}, so each organisation gets its own role`;
  if (!/^[\w+=,.@-]*$/.test(value.split(ROLE_NAME_PLACEHOLDER).join(''))) return 'may only hold the characters IAM allows in role names (letters, digits and + = , . @ _ -) around {org_id}';
  return undefined;
}
