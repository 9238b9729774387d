/**
 * The subject AlphaSwarm's OIDC issuer puts in an org's tokens: per org, case-stable (org ids are
 * lowercase), at most 127 bytes (Google's limit for google.subject), and the same string in every
 * Azure and GCP artifact.
 */
export const SUBJECT_PREFIX = 'alphaswarm:org:';
export const SUBJECT_MAX_BYTES = 127;

export function subjectFor(orgId: string): string {
  const subject = `${SUBJECT_PREFIX}${orgId}`;
  if (new TextEncoder().encode(subject).length > SUBJECT_MAX_BYTES) throw new Error(`subject for ${orgId} exceeds ${SUBJECT_MAX_BYTES} bytes`);
  return subject;
}
