import { AppError } from '../../../shared/domain/errors.js';
import { networkFailure } from '../base.js';
import { googleOrgDenial } from '../../../shared/domain/cloud-denials.js';

/** An org policy or a VPC-SC perimeter, named with its owner, when that is what refused the call. */
function orgDenial(e: GaxiosLike, stage: string, facts: Record<string, string>): AppError | undefined {
  const d = googleOrgDenial(e.response?.data);
  if (!d) return undefined;
  return new AppError('cloud_denied', `${stage}: ${d.cause}`, d.fix, { details: { ...facts, denial: d.kind, policy: d.policy } });
}

interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string; details?: { reason?: string; '@type'?: string }[] } | string;
  error_description?: string;
}

interface GaxiosLike {
  message?: string;
  code?: string;
  status?: number;
  response?: { status?: number; data?: GoogleErrorBody };
  config?: { url?: string | URL };
}

export interface ExchangeContext {
  readonly stsAudience: string;
  readonly projectId: string;
  readonly projectNumber: string;
  readonly poolId: string;
  readonly subject: string;
  readonly issuer: string;
  readonly audience: string;
  readonly serviceAccountEmail: string;
  readonly member: string;
}

const PROPAGATION = 'If the pool, provider or binding was created in the last five minutes, wait and retry: Google takes up to five minutes to apply them.';

/** Step 3 failed at one of two stages, and they fail for different reasons: say which. */
export function federationFailure(error: unknown, ctx: ExchangeContext): AppError {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as GaxiosLike;
  const url = String(e.config?.url ?? '');
  const stage = url.includes(':generateAccessToken') ? 'impersonation' : 'exchange';
  const net = networkFailure(e, stage === 'exchange' ? 'Google STS' : 'IAM Service Account Credentials', stage === 'exchange' ? 'ALPHASWARM_ADMIN_GCP_STS_ENDPOINT' : 'ALPHASWARM_ADMIN_GCP_IAMCREDENTIALS_ENDPOINT');
  if (net) return net;
  const facts = { stage, stsAudience: ctx.stsAudience, presentedIssuer: ctx.issuer, presentedSubject: ctx.subject, presentedAudience: ctx.audience };
  if (stage === 'exchange') {
    const m = /^Error code ([a-z_]+)(?::\s*([\s\S]*?))?(?: - https?:\S+)?$/.exec(e.message ?? '');
    const code = m?.[1] ?? 'unknown';
    const said = m?.[2] ?? e.message ?? 'no description';
    switch (code) {
      case 'invalid_target':
        return new AppError(
          'cloud_denied',
          `Token exchange failed: Google knows no enabled provider at ${ctx.stsAudience} (${said})`,
          `Check that pool "${ctx.poolId}" and provider "alphaswarm-oidc" exist and are enabled in project ${ctx.projectId}, and that ${ctx.projectNumber} is that project's number (gcloud projects describe ${ctx.projectId} --format='value(projectNumber)'). ${PROPAGATION}`,
          { details: { ...facts, googleError: code } },
        );
      case 'unauthorized_client':
        return new AppError(
          'cloud_denied',
          `Token exchange failed: the provider's attribute condition rejected AlphaSwarm's token (${said}).`,
          `The condition must admit subject "${ctx.subject}": it should read assertion.sub == '${ctx.subject}'.`,
          { details: { ...facts, googleError: code } },
        );
      case 'invalid_grant':
        return new AppError(
          'cloud_denied',
          `Token exchange failed: Google refused AlphaSwarm's token (${said}).`,
          /audience/i.test(said)
            ? `Set the provider's allowed audiences to "${ctx.audience}" (or ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE to what the provider allows).`
            : /issuer/i.test(said)
              ? `Set the provider's issuer URI to exactly "${ctx.issuer}".`
              : /stale|expired|issued at|not yet valid|future/i.test(said)
                ? "Check this laptop's clock (turn on automatic time), then retry."
                : `Check the provider's issuer, audiences and that the issuer's JWKS is published. ${PROPAGATION}`,
          { details: { ...facts, googleError: code } },
        );
      case 'invalid_request':
        return new AppError('cloud_denied', `Token exchange failed: ${said}`, `The provider is addressed by project number: check ${ctx.projectNumber} is the number of ${ctx.projectId}.`, {
          details: { ...facts, googleError: code },
          field: 'projectNumber',
        });
    }
    const status = e.response?.status ?? e.status;
    if (status !== undefined && status >= 500) return new AppError('cloud_error', `Google STS had an internal error (HTTP ${status}).`, 'This is on Google\'s side: retry in a minute.', { details: facts });
    return new AppError('cloud_denied', `Token exchange failed: ${said}`, `Check the pool and provider. ${PROPAGATION}`, { details: { ...facts, googleError: code } });
  }
  const body = e.response?.data?.error;
  const info = typeof body === 'object' ? body : undefined;
  const message = info?.message ?? e.message ?? 'no message';
  const named = orgDenial(e, 'Impersonation failed', facts);
  if (named) return named;
  const reasons = (info?.details ?? []).map((d) => d.reason).filter(Boolean);
  if (reasons.includes('SERVICE_DISABLED') || /has not been used in project|is disabled/i.test(message)) {
    return new AppError('cloud_denied', `Impersonation failed: the IAM Service Account Credentials API is not enabled (${message})`, `Enable it: gcloud services enable iamcredentials.googleapis.com --project=${ctx.projectId}, wait a minute, then retry.`, {
      details: { ...facts, googleStatus: info?.status ?? 'PERMISSION_DENIED' },
    });
  }
  if (info?.status === 'NOT_FOUND' || e.response?.status === 404) {
    return new AppError('cloud_denied', `Impersonation failed: the service account ${ctx.serviceAccountEmail} does not exist (${message}).`, 'Check ALPHASWARM_ADMIN_GCP_WIF_SERVICE_ACCOUNT_EMAIL.', { details: facts });
  }
  if (info?.status === 'PERMISSION_DENIED' || e.response?.status === 403) {
    return new AppError(
      'cloud_denied',
      `Impersonation failed: the federated identity may not act as ${ctx.serviceAccountEmail} (${message}).`,
      `Grant ${'roles/iam.workloadIdentityUser'} on the service account to ${ctx.member} (step 2, command 3). ${PROPAGATION}`,
      { details: { ...facts, member: ctx.member }, side: 'platform' },
    );
  }
  const status = e.response?.status ?? 0;
  if (status >= 500) return new AppError('cloud_error', `IAM Service Account Credentials had an internal error (HTTP ${status}).`, "This is on Google's side: retry in a minute.", { details: facts });
  return new AppError('cloud_error', `Impersonation failed: ${message}`, 'Check ALPHASWARM_ADMIN_GCP_IAMCREDENTIALS_ENDPOINT and retry.', { details: facts });
}

/** Resource Manager failures (steps 4 and 4*). */
export function resourceManagerFailure(error: unknown, projectId: string): AppError {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as GaxiosLike;
  const net = networkFailure(e, 'Cloud Resource Manager', 'ALPHASWARM_ADMIN_GCP_CRM_ENDPOINT');
  if (net) return net;
  const body = e.response?.data?.error;
  const info = typeof body === 'object' ? body : undefined;
  const status = e.response?.status ?? 0;
  const message = info?.message ?? e.message ?? 'no message';
  const named = orgDenial(e, `Google refused the call on project ${projectId}`, { projectId });
  if (named) return named;
  if (status === 403 || status === 404) {
    return new AppError(
      'cloud_denied',
      `Google refused to show project ${projectId} to the service account (${message}).`,
      `Check the project id, and grant the service account roles/browser on it (gcloud projects add-iam-policy-binding ${projectId} --member=serviceAccount:<email> --role=roles/browser).`,
      { details: { googleStatus: info?.status ?? String(status) }, field: 'projectId' },
    );
  }
  if (status >= 500) return new AppError('cloud_error', `Cloud Resource Manager had an internal error (HTTP ${status}).`, "This is on Google's side: retry in a minute.");
  return new AppError('cloud_error', `Cloud Resource Manager refused the request: ${message}`, 'Check ALPHASWARM_ADMIN_GCP_CRM_ENDPOINT and retry.');
}
