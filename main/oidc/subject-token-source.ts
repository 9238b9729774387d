/** What the token is for: the audience the cloud expects and the org's subject. */
export interface SubjectTokenRequest {
  readonly audience: string;
  readonly subject: string;
}

/**
 * Where AlphaSwarm's OIDC subject tokens come from: the production command (the platform signs),
 * or a local signing key (self-hosted issuers and tests). Azure and GCP both use one.
 */
export interface SubjectTokenSource {
  readonly issuer: string;
  readonly kind: 'command' | 'signing-key';
  getToken(request: SubjectTokenRequest): Promise<string>;
}

/** Minutes, not hours: long enough for one exchange, short enough to be useless if it leaks. */
export const SUBJECT_TOKEN_LIFETIME_SEC = 5 * 60;
