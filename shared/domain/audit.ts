import type { CloudKind } from './cloud.js';

/** What an audit row is about. */
export const AUDIT_STEPS = [
  'identity',
  'permissions',
  'enumerate',
  'connect',
  'disconnect',
  'verify_cleanup',
  'health',
  'rotation',
  'mfa_enroll',
  'mfa_verify',
  'secret_import',
  'bundle_export',
  'device_key',
  'ipc_denied',
  'settings_change',
  'profile_import',
  'vault_reset',
  'org_add',
  'cleanup_dismiss',
  'batch_connect',
  'primary_change',
  'audit_checkpoint',
  'audit_anchor_reset',
  'app_update',
  'tier_raise',
  'bundle_send',
  'platform_sign_in',
  'platform_sign_out',
  'profile_refresh',
  'presenting_start',
  'presenting_stop',
] as const;
export type AuditStep = (typeof AUDIT_STEPS)[number];

/** `refused` and `queued` close a `bundle_send`: the platform said no, or it will be retried from the outbox. */
export const AUDIT_OUTCOMES = ['succeeded', 'failed', 'pending', 'interrupted', 'denied', 'refused', 'queued'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Audit detail values are flat and never secret: strings, numbers, booleans, string lists. */
export type AuditDetail = Record<string, string | number | boolean | null | string[]>;

export interface AuditRow {
  seq: number;
  ts: string;
  actor: string;
  orgId: string | null;
  cloud: CloudKind | null;
  step: AuditStep;
  outcome: AuditOutcome;
  correlationId: string | null;
  detail: AuditDetail;
  prevHash: string;
  hash: string;
}

/** What the hash chain alone proves: no row edited, reordered or deleted in the middle. */
export interface ChainVerification {
  ok: boolean;
  rowCount: number;
  /** The last row whose hash chain checks out (0 when none does). */
  verifiedThrough: number;
  firstBad: { seq: number; reason: string } | null;
  head: string;
}

/** The chain, plus what anchors it: the latest signed checkpoint and anything that disagrees with it. */
export interface AuditVerification extends ChainVerification {
  anchor: {
    /** The latest checkpoint signed by this device that checks out, if any. */
    checkpoint: { n: number; rowCount: number; lastSeq: number; time: string } | null;
    /** Each problem found beyond the chain (a cut tail, a rewritten chain, missing triggers…), in words. */
    findings: string[];
    /** Rows written after that checkpoint: protected by the chain only until the next one. */
    unanchoredRows: number;
    /**
     * Why the anchor cannot be checked at all (the OS keychain cannot be read), or null. Then `ok`
     * is false: a log that cannot be checked is never reported as verified.
     */
    uncheckable: string | null;
  };
}
