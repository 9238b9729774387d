import type { ErrorData } from '../../../shared/domain/errors.js';

const TITLES: Partial<Record<ErrorData['code'], string>> = {
  cloud_denied: 'The cloud said no',
  cloud_unreachable: 'The cloud could not be reached',
  cloud_error: 'The cloud returned an error',
  config_missing: 'Configuration missing',
  config_invalid: 'Configuration invalid',
  bad_request: 'Check the input',
  keychain_unavailable: 'OS keychain unavailable',
  secret_missing: 'Secret missing',
  precondition_failed: 'Not yet',
  cancelled: 'Cancelled',
};

/** What went wrong, what to do next, and the facts that help — every error the UI shows. */
export function ErrorPanel({ error, testId }: { error: ErrorData; testId?: string }) {
  const details = error.details ? Object.entries(error.details) : [];
  return (
    <div className={`error-panel ${error.code === 'cancelled' ? 'error-panel--mild' : ''}`} role="alert" data-testid={testId ?? 'error-panel'} data-code={error.code}>
      <div className="error-panel__title">{TITLES[error.code] ?? 'Something went wrong'}</div>
      <p className="error-panel__message">{error.message}</p>
      {details.length > 0 && (
        <dl className="facts">
          {details.map(([k, v]) => (
            <div key={k} className="facts__row">
              <dt>{humanize(k)}</dt>
              <dd>
                <code>{Array.isArray(v) ? v.join(', ') : v}</code>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <p className="error-panel__hint">
        <strong>Next:</strong> {error.hint}
      </p>
    </div>
  );
}

const LABELS: Readonly<Record<string, string>> = {
  roleArn: 'Role ARN',
  expectedPrincipal: 'Expected principal',
  expectedExternalId: 'Expected external id',
  awsCode: 'AWS error code',
  requestId: 'Request id',
  orgId: 'Organisation',
  aadsts: 'Entra error code',
  stsAudience: 'Token exchange audience',
  stage: 'Where it failed',
  presentedIssuer: 'Issuer AlphaSwarm presented',
  presentedSubject: 'Subject AlphaSwarm presented',
  presentedAudience: 'Audience AlphaSwarm presented',
  googleError: 'Google error code',
  googleStatus: 'Google status',
  tenantId: 'Tenant id',
  tokenTenant: 'Tenant the token is for',
  expectedTenant: 'Tenant expected',
  reportedAccount: 'Account the cloud reported',
  managementAccount: 'Management account',
  member: 'Binding member',
  clientId: 'Application (client) id',
  consentUrl: 'Consent link',
  lockedUntil: 'Locked until',
  keyFingerprint: 'Key fingerprint',
  keyExternalId: 'External id in the key',
  profileExternalId: 'External id in the profile',
  profileJti: 'Profile id',
  existing: 'Already connected',
  connecting: 'Connecting',
  variable: 'Setting',
};

export function humanize(key: string): string {
  if (LABELS[key]) return LABELS[key];
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
