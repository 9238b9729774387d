import type { AuditDetail } from '../../../shared/domain/audit.js';

/** Words for the detail keys rows carry most; any other key is spelt out from its name. */
const LABELS: Readonly<Record<string, string>> = {
  error: 'Error code',
  message: 'Message',
  reason: 'Reason',
  channel: 'Request',
  orgs: 'Organisations',
  jti: 'Bundle id',
  kid: 'Signing key',
  file: 'File',
  boot: 'Boot id',
  pid: 'Process',
  pidStart: 'Process started',
  account: 'Account',
  accountId: 'Account id',
  roleArn: 'Role ARN',
  connections: 'Connections',
  secretsIncluded: 'Secrets included',
  expiresAt: 'Expires',
  audience: 'Audience',
  name: 'Setting',
};

export function detailLabel(key: string): string {
  const known = LABELS[key];
  if (known) return known;
  const words = key.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function detailValue(value: AuditDetail[string]): string {
  if (value === null) return '—';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Machine facts (which process wrote a pending row) go last: they matter only when a row is interrupted. */
const LAST = new Set(['boot', 'pid', 'pidStart']);
export function orderedDetail(detail: AuditDetail): [string, AuditDetail[string]][] {
  const entries = Object.entries(detail);
  return [...entries.filter(([k]) => !LAST.has(k)), ...entries.filter(([k]) => LAST.has(k))];
}
