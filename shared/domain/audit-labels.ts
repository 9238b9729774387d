import type { AuditOutcome, AuditStep } from './audit.js';

/** Words for each audited step, for the audit screen and its filters (the log keeps the ids). */
export const AUDIT_STEP_LABELS: Readonly<Record<AuditStep, string>> = {
  identity: 'Validate identity',
  permissions: 'Check permissions',
  enumerate: 'List what it can see',
  connect: 'Save connection',
  disconnect: 'Disconnect',
  verify_cleanup: 'Verify cleanup',
  health: 'Re-check',
  rotation: 'Rotate external id',
  mfa_enroll: 'MFA enrolment',
  mfa_verify: 'Step-up code',
  secret_import: 'Import a secret',
  bundle_export: 'Export bundle',
  device_key: 'Device key',
  ipc_denied: 'Refused request',
  settings_change: 'Change a setting',
  profile_import: 'Import platform profile',
  vault_reset: 'Reset the vault',
  org_add: 'Add organisation',
  cleanup_dismiss: 'Dismiss cleanup',
  batch_connect: 'Connect many',
  primary_change: 'Change primary',
  audit_checkpoint: 'Audit checkpoint',
  app_update: 'App update',
  audit_anchor_reset: 'Audit log started over',
  tier_raise: 'Raise permission tier',
  bundle_send: 'Send to platform',
  platform_sign_in: 'Platform sign-in',
  platform_sign_out: 'Platform sign-out',
  profile_refresh: 'Refresh platform profile',
};

export const AUDIT_OUTCOME_LABELS: Readonly<Record<AuditOutcome, string>> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  pending: 'In progress',
  interrupted: 'Interrupted',
  denied: 'Denied',
  refused: 'Refused',
  queued: 'Queued',
};
