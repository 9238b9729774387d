import { AppError } from '../../../shared/domain/errors.js';
import { FEDERATED_CREDENTIALS_PER_APP } from '../../../shared/domain/azure.js';
import { type AppLoad, overLimitWords } from './org-app.js';

export interface TokenContext {
  readonly tenantId: string;
  readonly clientId: string;
  readonly presented: { readonly iss: string; readonly sub: string; readonly aud: string };
  readonly consentUrl: string;
  readonly credentialName: string;
  /** How many orgs the profile puts on this app, when the org's current app is used. */
  readonly appLoad?: AppLoad | undefined;
}

/**
 * No credential for the org on its app: when the profile puts more orgs on the app than Entra has
 * slots, that is the likely cause and the fix is another app; otherwise name the app to look at.
 */
function missingCredentialHint(ctx: TokenContext, usual: string): string {
  if (ctx.appLoad?.overLimit) return overLimitWords(ctx.appLoad.clientId, ctx.appLoad.orgIds.length);
  return `${usual} The credential must be on app ${ctx.clientId} (the org's app); if the platform team could not add it because that app already holds ${FEDERATED_CREDENTIALS_PER_APP}, the org must be assigned to another app in your platform profile.`;
}

/** The AADSTS code in an Entra error description ("AADSTS70021: …"). */
export function aadstsCode(text: string | undefined): string | undefined {
  return /AADSTS(\d+)/.exec(text ?? '')?.[1];
}

/**
 * Entra's own description, without its trace and correlation ids. MSAL wraps it as
 * "Error(s): … - Timestamp: … - Description: AADSTS…: … - Correlation ID: … - Trace ID: …".
 */
export function entraSentence(text: string): string {
  const description = /Description:\s*([\s\S]*?)(?:\s+-\s+Correlation ID:|\s+-\s+Trace ID:|$)/.exec(text)?.[1] ?? text;
  return description.split(/\r?\n/)[0]!.replace(/^AADSTS\d+:\s*/, '').trim();
}

/** Token-request failures, each with what it means and what to do. */
export function tokenFailure(description: string, ctx: TokenContext): AppError {
  const code = aadstsCode(description);
  const said = entraSentence(description);
  const presented = { presentedIssuer: ctx.presented.iss, presentedSubject: ctx.presented.sub, presentedAudience: ctx.presented.aud, aadsts: code ?? 'unknown' };
  const fic = `federated credential "${ctx.credentialName}" on the AlphaSwarm app ${ctx.clientId}`;
  switch (code) {
    case '70021':
      return new AppError(
        'cloud_denied',
        `Entra found no federated credential matching what AlphaSwarm presented (AADSTS70021): ${said}`,
        missingCredentialHint(ctx, `Check that ${fic} exists with exactly the issuer, subject and audience below. If it was created in the last few minutes, wait and retry: new federated credentials take a little while to propagate.`),
        { details: presented, side: 'platform' },
      );
    case '700211':
      return new AppError('cloud_denied', `No federated credential trusts the issuer AlphaSwarm presented (AADSTS700211): ${said}`, `Set the issuer of ${fic} to exactly "${ctx.presented.iss}" (trailing slash included).`, { details: presented, side: 'platform' });
    case '700212':
      return new AppError('cloud_denied', `No federated credential accepts the audience AlphaSwarm presented (AADSTS700212): ${said}`, `Set the audiences of ${fic} to ["${ctx.presented.aud}"], or set ALPHASWARM_ADMIN_AZURE_AUDIENCE to what the credential expects.`, { details: presented, side: 'platform' });
    case '700213':
      return new AppError('cloud_denied', `No federated credential matches the subject AlphaSwarm presented (AADSTS700213): ${said}`, missingCredentialHint(ctx, `Set the subject of ${fic} to exactly "${ctx.presented.sub}" — the comparison is case-sensitive.`), { details: presented, side: 'platform' });
    case '7002138':
      return new AppError(
        'cloud_denied',
        `The federated credential's subject differs from "${ctx.presented.sub}" only in upper/lower case (AADSTS7002138).`,
        `Entra compares subjects case-sensitively: recreate ${fic} with the subject exactly "${ctx.presented.sub}".`,
        { details: presented, side: 'platform' },
      );
    case '700016':
      return new AppError(
        'cloud_denied',
        `The AlphaSwarm app (${ctx.clientId}) is not present in tenant ${ctx.tenantId}: no administrator has consented to it there (AADSTS700016).`,
        `Have the customer's administrator open the admin consent link and approve, then retry: ${ctx.consentUrl}`,
        { details: { tenantId: ctx.tenantId, clientId: ctx.clientId, consentUrl: ctx.consentUrl } },
      );
    case '90002':
      return new AppError('cloud_denied', `Entra does not know the tenant ${ctx.tenantId} (AADSTS90002).`, 'Check the tenant id (Entra ID → Overview → Tenant ID) and that ALPHASWARM_ADMIN_AZURE_CLOUD names the cloud the customer is in.', {
        details: { tenantId: ctx.tenantId },
        field: 'tenantId',
      });
    case '700024':
      return new AppError(
        'cloud_denied',
        `Entra says AlphaSwarm's token is not within its valid time range (AADSTS700024): ${said}`,
        "This laptop's clock is probably off: turn on automatic time, then retry.",
        { details: { aadsts: code } },
      );
    case '700236':
      return new AppError(
        'cloud_denied',
        `Entra refused the token for cross-tenant federation (AADSTS700236): ${said}`,
        'The issuer must be AlphaSwarm\'s own OIDC issuer, not an Entra tenant: check ALPHASWARM_ADMIN_OIDC_ISSUER and the federated credential\'s issuer.',
        { details: presented },
      );
  }
  return new AppError('cloud_denied', `Entra refused the token request${code ? ` (AADSTS${code})` : ''}: ${said}`, 'Check the tenant id, the admin consent and the federated credential, then retry.', { details: presented });
}
