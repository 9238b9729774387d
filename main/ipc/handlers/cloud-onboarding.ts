import { explainCloudError } from '../../onboarding/explain-error.js';
import type { AuditDetail } from '../../../shared/domain/audit.js';
import { AppError } from '../../../shared/domain/errors.js';
import * as contract from '../../../shared/ipc/cloud-onboarding.js';
import * as drafts from '../../../shared/ipc/drafts.js';
import type { BatchConnectService } from '../../onboarding/batch-connect.js';
import type { DraftStore } from '../../onboarding/draft-store.js';
import { guidProblem } from '../../../shared/domain/azure.js';
import { parseTargetList } from '../../onboarding/target-list.js';
import { type OnboardingService, saveBlocked } from '../../onboarding/onboarding-service.js';
import type { ProviderRegistry } from '../../providers/registry.js';
import type { Settings } from '../../settings.js';
import type { IpcRouter } from '../router.js';

/** `steps`: the step channels over the clouds this process carries (a test's own cloud besides this build's). */
export function registerCloudOnboarding(
  router: IpcRouter,
  onboarding: OnboardingService,
  providers: ProviderRegistry,
  batches: BatchConnectService,
  draftStore: DraftStore,
  settings: Settings,
  steps: contract.StepChannels = contract.STEP_CHANNELS,
): void {
  const target = (input: contract.TargetInput): AuditDetail => providers.target(input).auditTarget();

  router.handle(steps.bootstrap, (input) => onboarding.bootstrap(input));

  const precheck = (input: contract.TargetInput) => onboarding.precheck(input);

  router.handle(steps.validateIdentity, (input, caller) => onboarding.validateIdentity(input, caller.signal), {
    precheck,
    auditDetail: (input, out) => ({ ...target(input), ...(out && 'assumedRoleArn' in out ? { assumedRoleArn: out.assumedRoleArn } : {}) }),
  });

  router.handle(steps.validatePermissions, (input, caller) => onboarding.validatePermissions(input, caller.signal), {
    precheck,
    auditDetail: (input, out) => ({
      ...target(input),
      ...(out ? { missing: out.checks.filter((c) => c.status === 'missing').map((c) => c.name), unverified: out.checks.filter((c) => c.status === 'unverified').map((c) => c.name) } : {}),
    }),
    auditOutcome: (out) => (out.checks.some((c) => c.status === 'missing') ? 'failed' : 'succeeded'),
  });

  router.handle(steps.enumerate, (input, caller) => onboarding.enumerate(input, caller.signal), {
    precheck,
    auditDetail: (input, out) => ({ ...target(input), ...(out && 'regions' in out ? { regionCount: out.regions.length } : {}) }),
  });

  router.handle(
    steps.connect,
    (input, caller) => {
      const { choice, ...rest } = input;
      return onboarding.connect(rest, choice, caller.actor, caller.signal);
    },
    {
      precheck: (input) => {
        const { choice, ...rest } = input;
        const { blocker } = onboarding.connectCheck(rest, choice);
        // Refused before step-up: a save that cannot happen must not cost a one-time code.
        if (blocker) throw saveBlocked(blocker);
      },
      auditDetail: (input, out) => ({
        ...target(input),
        ...(input.choice ? { choice: input.choice.mode, ...(input.choice.mode === 'replace' ? { replacing: input.choice.account } : {}) } : {}),
        ...(out ? { credentialKey: out.connection.credentialKey, primary: out.connection.primary, updated: out.updated } : {}),
        ...(out?.rotation ? { rotatedFromKey: out.rotation.fromFingerprint, rotatedToKey: out.rotation.toFingerprint } : {}),
      }),
    },
  );

  router.handle(steps.connectCheck, (input) => {
    const { choice, ...rest } = input;
    return onboarding.connectCheck(rest, choice);
  });

  router.handle(contract.disconnect, (input, caller) => onboarding.disconnect(input, caller.actor), {
    precheck: (input) => void onboarding.resolveAccount(input.cloud, input.orgId, input.account),
    auditDetail: (input, out): AuditDetail => ({
      ...(input.account ? { account: input.account } : {}),
      ...(out ? { credentialKey: out.removed.credentialKey, identifier: out.removed.identifier, cleanupId: out.cleanupId, ...(out.promoted ? { promotedToPrimary: out.promoted.identifier } : {}) } : {}),
    }),
  });

  router.handle(contract.verifyCleanup, (input, caller) => onboarding.verifyCleanup(input, caller.signal), {
    precheck: (input) => void onboarding.pendingCleanup(input.orgId, input.cleanupId),
    auditDetail: (input, out): AuditDetail => ({ cleanupId: input.cleanupId, ...(out ? { identifier: out.item.identifier, verified: out.verified, detail: out.detail } : {}) }),
    auditOutcome: (out) => (out.verified ? 'succeeded' : 'failed'),
  });

  router.handle(contract.cleanupList, (input) => ({ items: onboarding.cleanupItems({ ...(input.orgId ? { orgId: input.orgId } : {}), ...(input.includeClosed ? { includeClosed: true } : {}) }) }));

  const cleanupExists = (input: { orgId: string; cleanupId: string }) => void onboarding.pendingCleanup(input.orgId, input.cleanupId);
  router.handle(contract.dismissCleanup, (input) => ({ item: onboarding.dismissCleanup(input) }), {
    precheck: cleanupExists,
    auditDetail: (input, out): AuditDetail => ({ cleanupId: input.cleanupId, reason: input.reason, ...(out ? { identifier: out.item.identifier, cloud: out.item.cloud } : {}) }),
  });

  router.handle(contract.explainError, (input) => explainCloudError(input.cloud, input.text));

  router.handle(contract.raiseTier, (input) => onboarding.raiseTier(input), {
    precheck: (input) => void onboarding.resolveAccount(input.cloud, input.orgId, input.account),
    auditDetail: (input, out): AuditDetail => ({ tier: input.tier, ...(out ? { account: out.account, from: out.from, artifacts: out.bootstrap.artifacts.map((a) => a.filename) } : {}) }),
  });

  router.handle(contract.setPrimary, (input) => ({ connection: onboarding.makePrimary(input) }), {
    precheck: (input) => void onboarding.resolveAccount(input.cloud, input.orgId, input.account),
    auditDetail: (input, out): AuditDetail => ({ account: input.account, ...(out ? { credentialKey: out.connection.credentialKey } : {}) }),
  });

  router.handle(
    contract.batchStart,
    (input, caller) => {
      const { runId, total } = batches.start(input.orgId, input.cloud, input.targets, input.concurrency ?? settings.int('ALPHASWARM_ADMIN_HEALTH_CONCURRENCY'), caller.actor);
      return { runId, total };
    },
    {
      precheck: (input) => {
        for (const t of input.targets) onboarding.precheck(t);
      },
      auditDetail: (input, out): AuditDetail => ({ accounts: input.targets.length, ...(out ? { runId: out.runId } : {}) }),
    },
  );
  router.handle(contract.parseTargets, (input) => {
    if (input.cloud === 'azure' && guidProblem(input.tenantId ?? '', 'tenant id')) {
      throw new AppError('bad_request', input.tenantId ? (guidProblem(input.tenantId, 'tenant id') ?? '') : 'Subscriptions are read for one tenant: the tenant id is missing.', "Enter the customer's tenant id (Entra ID → Overview → Tenant ID) first.", { field: 'tenantId' });
    }
    const roleName = input.cloud === 'aws' ? providers.of('aws').roleNameFor(input.orgId) : null;
    const parsed = parseTargetList(input.cloud, input.text, {
      orgId: input.orgId,
      ...(roleName ? { roleName } : {}),
      ...(input.tenantId ? { tenantId: input.tenantId } : {}),
      ...(input.region ? { region: input.region } : {}),
      ...(input.partition ? { partition: input.partition } : {}),
    });
    return { ...parsed, roleName };
  });
  // A run is addressed by its id: presenting mode checks the org it belongs to.
  const runOrg = (input: { runId: string }) => batches.orgOf(input.runId);
  router.handle(contract.batchProgress, (input) => batches.progress(input.runId), { actsOn: runOrg });
  router.handle(contract.batchCancel, (input) => ({ cancelled: batches.cancel(input.runId) }), { actsOn: runOrg });

  const managementConnection = (orgId: string) => {
    const primary = onboarding.primaryOf('aws', orgId);
    if (!primary) {
      throw new AppError('precondition_failed', `${orgId} has no AWS connection yet, so AlphaSwarm cannot read its organization.`, "Connect the organization's management account first, then list its members here.");
    }
    return primary;
  };
  router.handle(
    contract.awsMemberAccounts,
    (input, caller) => providers.of('aws').memberAccounts(managementConnection(input.orgId), caller.signal),
    { precheck: (input) => void managementConnection(input.orgId), auditDetail: (input, out): AuditDetail => ({ orgId: input.orgId, ...(out ? { organizationId: out.organizationId, accounts: out.accounts.length } : {}) }) },
  );

  router.handle(steps.list, (input) => onboarding.list(input.orgId));

  router.handle(drafts.getDraft, (input) => ({ draft: draftStore.get(input.orgId, input.cloud) ?? null }));
  router.handle(drafts.saveDraft, (input) => ({ updatedAt: draftStore.save(input.orgId, input.draft).updatedAt }));
  router.handle(drafts.discardDraft, (input) => ({ discarded: draftStore.discard(input.orgId, input.cloud) }));
  router.handle(drafts.listDrafts, (input) => {
    const dropped = draftStore.prune(input.orgId);
    return { drafts: draftStore.list(input.orgId), dropped };
  });
}
