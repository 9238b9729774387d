import type { RunSignIns } from './run-sign-ins.js';
import type { PermissionTier } from '../../shared/domain/tiers.js';
import type { HealthFinding, HealthFindingKind } from '../../shared/domain/health-history.js';
import { describeValue } from '../../shared/domain/describe.js';
import type { Artifact } from '../../shared/artifacts/artifact.js';
import type { AuditDetail } from '../../shared/domain/audit.js';
import { AppError } from '../../shared/domain/errors.js';
import type { CleanupStep, ConnectionStatus, PermissionCheck } from '../../shared/ipc/clouds/common.js';
import type { RecordValue, StoredConnection } from '../credentials/integration-store.js';
import type { SecretRead } from '../credentials/secret-store.js';

/**
 * The lifecycle every cloud implements. Inputs and outputs are the shapes of `shared/ipc`; the
 * provider maps its SDK's failures to AppErrors that say what happened and what to do.
 */
export interface CloudProvider<Cloud extends string, BootstrapIn, Target, Bootstrap, Identity, Permissions, Enumeration> {
  readonly kind: Cloud;
  /** Step 2, offline: no network, no secrets beyond settings. `existing`: the org's saved connections for this cloud (rotation). */
  bootstrap(input: BootstrapIn, existing: readonly StoredConnection[]): Bootstrap;
  /** What a target connects (AWS account, Azure subscription, GCP project, Cloudflare account): its identity within the org. */
  accountOf(target: Target): string;
  /** The same, when it can be told from the values alone (before any cloud call); undefined otherwise. */
  knownAccountOf(target: Target): string | undefined;
  /** The target as every step uses it, completed from what is known (AWS: an account id becomes the org's role ARN). */
  normaliseTarget?(target: Target): Target;
  /** Local checks (settings, the org's external id) run before step-up is asked for: throws what is wrong. */
  precheck(target: Target): void;
  /**
   * Step 3, read-only. `signal` is the run's (a wizard step's caller, connect many, a health
   * deadline): every cloud call takes it, so a Cancel or a deadline closes the request itself.
   * `run`: part of a run over many accounts, whose accounts may share a sign-in (see RunSignIns).
   */
  validateIdentity(target: Target, signal: AbortSignal, run?: RunSignIns): Promise<Identity>;
  /** Step 4, read-only. */
  validatePermissions(target: Target, signal: AbortSignal): Promise<Permissions>;
  /** Step 4*, read-only. */
  enumerate(target: Target, signal: AbortSignal): Promise<Enumeration>;
  /** Step 5: what gets stored, after steps 3 and 4 succeeded (a cloud call only for a token not yet verified). */
  prepareConnection(target: Target, existing: StoredConnection | undefined, signal: AbortSignal): Promise<PreparedConnection>;
  /** Non-secret facts about the target, for audit rows. */
  auditTarget(target: Target): AuditDetail;
  /** How a saved connection reads in the list. */
  describe(stored: StoredConnection): ConnectionDescription;
  /** The vendor-side clean-up after a disconnect: exact commands, never run by the app. */
  cleanup(stored: StoredConnection): CleanupStep[];
  /** Forget any in-memory session material for this org (after save or disconnect). */
  forget(orgId: string): void;
  /**
   * Health: re-run the identity and permission checks read-only with the stored record (and its
   * secret, for Cloudflare). Never throws for a cloud refusal: that is a result.
   */
  revalidate(stored: StoredConnection, secret: SecretRead | undefined, signal: AbortSignal): Promise<HealthOutcome>;
  /**
   * After a disconnect: is the vendor side really gone? A read-only attempt to use the old access,
   * which should now be refused. Throws when the answer cannot be told (network, 5xx).
   */
  verifyCleanup(stored: StoredConnection, secret: SecretRead | undefined, signal: AbortSignal): Promise<CleanupCheck>;
}

export interface CleanupCheck {
  readonly verified: boolean;
  readonly detail: string;
}

export interface HealthOutcome {
  readonly status: ConnectionStatus;
  readonly reason: string | null;
  /** What was checked, expected against actual, with the fix: kept in the health history. */
  readonly findings?: readonly HealthFinding[];
}

/** Signing in worked: the first finding of every re-check that got that far. */
export const SIGNED_IN: HealthFinding = { kind: 'sign_in', name: 'sign-in', expected: 'accepted', actual: 'accepted', ok: true, cause: null, fix: null };

/** A failed check as a health outcome: cloud refusals and unreachable endpoints alike. */
export function failedCheck(error: unknown): HealthOutcome {
  if (error instanceof AppError) {
    return { status: 'check_failed', reason: `${error.message} ${error.hint}`, findings: [{ ...SIGNED_IN, actual: 'failed', ok: false, cause: error.message, fix: error.hint }] };
  }
  return { status: 'check_failed', reason: 'The check failed unexpectedly; run it again.', findings: [{ ...SIGNED_IN, actual: 'failed', ok: false, cause: 'The check failed unexpectedly.', fix: 'Run it again.' }] };
}

/** Step 4's checks as findings: each needed item, what the cloud shows now, and step 4's own explanation (who can fix it). */
export function permissionFindings(kind: HealthFindingKind, checks: readonly PermissionCheck[], expected: string): HealthFinding[] {
  return checks.map((c) => ({
    kind,
    name: c.name,
    expected,
    actual: c.status === 'granted' ? 'granted' : c.status === 'missing' ? 'missing' : 'could not be verified',
    ok: c.status === 'granted',
    cause: c.status === 'granted' ? null : (c.cause ?? null),
    fix: c.status === 'granted' ? null : (c.remedy ?? null),
  }));
}

/**
 * A re-check's outcome from what it found: a permission that `needed` (a tier, a template) asks
 * for and the cloud no longer grants is **degraded**, naming each one lost with its cause and who
 * can fix it. One that could not be told either way needs attention where the cloud always answers
 * (`unverified`), and is only recorded where step 4 accepts it too (Cloudflare's probes).
 */
export function permissionOutcome(findings: readonly HealthFinding[], needed: string, unverified: 'needs_attention' | 'recorded' = 'recorded'): HealthOutcome {
  const lost = findings.filter((f) => !f.ok && f.actual === 'missing');
  const unknown = findings.filter((f) => !f.ok && f.actual !== 'missing');
  if (lost.length) {
    const each = lost.map((f) => `${f.name}${f.cause ? ` (${f.cause})` : ''}${f.fix ? ` ${f.fix}` : ''}`);
    return { status: 'degraded', reason: `Lost since connected, needed by ${needed}: ${each.join('; ')}`, findings };
  }
  if (unknown.length && unverified === 'needs_attention') return { status: 'needs_attention', reason: `Could not be verified: ${unknown.map((f) => f.name).join(', ')}.`, findings };
  return { status: 'connected', reason: null, findings };
}

export interface PreparedConnection {
  readonly record: Readonly<Record<string, RecordValue>>;
  readonly keyFingerprint: string | null;
  readonly expiresOn: string | null;
  /** The one secret a connection may carry (Cloudflare); stored encrypted, never returned. */
  readonly secret?: string;
  /** What the admin must still do after saving (e.g. apply the final trust policy of a rotation). */
  readonly followUp?: readonly Artifact[];
  /** Set when this save moves the connection to a new key (AWS external-id rotation). */
  readonly rotation?: { readonly fromFingerprint: string; readonly toFingerprint: string };
  /** The permission tier step 4 checked (absent: standard). */
  readonly tier?: PermissionTier;
}

export interface ConnectionDescription {
  readonly identifier: string;
  readonly label: string;
  /** The rotation duty for this connection, in a line (the seed's rotation table). */
  readonly rotation: string;
  /** A status that follows from settings alone (e.g. a rotated key), overriding the stored one. */
  readonly derivedStatus?: { status: ConnectionStatus; reason: string };
}

export const CLEANUP_REASON =
  "AlphaSwarm's access is read-only by design and never includes deleting principals in your account; removing access is your decision, made and seen by you. Run these in the customer account, then use \"verify cleanup\".";

/** A network-level failure (refused, unresolvable, timed out) as the user should read it. */
export function networkFailure(error: unknown, service: string, endpointSetting: string): AppError | undefined {
  const e = error as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code;
  // An abort that reaches here is a library's own timeout (gaxios aborts its request): the run's own
  // Cancel or deadline is told apart before this (see cancelledError and the health deadline).
  const aborted = e?.name === 'AbortError' || /operation was aborted/i.test(e?.message ?? '');
  const timedOut = aborted || e?.name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'ECONNRESET' || /timed? ?out/i.test(e?.message ?? '');
  const unreachable = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH';
  if (!timedOut && !unreachable) return undefined;
  return new AppError(
    'cloud_unreachable',
    timedOut ? `${service} did not answer in time.` : `${service} could not be reached (${code}).`,
    `Check the laptop's network connection or proxy, and ${endpointSetting} if it is set; then retry.`,
    { details: { service } },
  );
}

/** What a cancelled call (Cancel, a closed window, Ctrl-C) reads as, whatever error the SDK threw on the abort. */
export function cancelledError(signal: AbortSignal): AppError {
  const timedOut = signal.reason instanceof Error && signal.reason.name === 'TimeoutError';
  return timedOut
    ? new AppError('cloud_unreachable', 'The cloud did not answer in time, so the call was dropped.', "Check the laptop's network or proxy, then retry.")
    : new AppError('cancelled', 'The call was cancelled before the cloud answered; nothing was changed.', 'Run the step again when ready.');
}

/** Stop waiting for `work` when `signal` aborts: for library calls that take no signal of their own. */
export function abortable<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  const reason = () => (signal.reason instanceof Error ? signal.reason : new Error('The call was cancelled.'));
  if (signal.aborted) return Promise.reject(reason());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error instanceof Error ? error : new Error(describeValue(error)))),
    );
  });
}
