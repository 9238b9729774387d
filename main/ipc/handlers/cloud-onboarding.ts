import type { AuditDetail } from '../../../shared/domain/audit.js';
import * as contract from '../../../shared/ipc/cloud-onboarding.js';
import type { OnboardingService } from '../../onboarding/onboarding-service.js';
import type { ProviderRegistry } from '../../providers/registry.js';
import type { IpcRouter } from '../router.js';

export function registerCloudOnboarding(router: IpcRouter, onboarding: OnboardingService, providers: ProviderRegistry): void {
  const target = (input: contract.TargetInput): AuditDetail => providers.get(input.cloud).auditTarget(input);

  router.handle(contract.bootstrap, (input) => onboarding.bootstrap(input) as never);

  router.handle(contract.validateIdentity, (input) => onboarding.validateIdentity(input) as never, {
    auditDetail: (input, out) => ({ ...target(input), ...(out && 'assumedRoleArn' in out ? { assumedRoleArn: out.assumedRoleArn } : {}) }),
  });

  router.handle(contract.validatePermissions, (input) => onboarding.validatePermissions(input) as never, {
    auditDetail: (input, out) => ({
      ...target(input),
      ...(out ? { missing: out.checks.filter((c) => c.status === 'missing').map((c) => c.name), unverified: out.checks.filter((c) => c.status === 'unverified').map((c) => c.name) } : {}),
    }),
    auditOutcome: (out) => (out.checks.some((c) => c.status === 'missing') ? 'failed' : 'succeeded'),
  });

  router.handle(contract.enumerate, (input) => onboarding.enumerate(input) as never, {
    auditDetail: (input, out) => ({ ...target(input), ...(out && 'regions' in out ? { regionCount: out.regions.length } : {}) }),
  });

  router.handle(contract.connect, (input) => onboarding.connect(input), {
    auditDetail: (input, out) => ({
      ...target(input),
      ...(out ? { credentialKey: out.connection.credentialKey } : {}),
      ...(out?.rotation ? { rotatedFromKey: out.rotation.fromFingerprint, rotatedToKey: out.rotation.toFingerprint } : {}),
    }),
  });

  router.handle(contract.disconnect, (input) => onboarding.disconnect(input), {
    auditDetail: (_input, out): AuditDetail => (out ? { credentialKey: out.removed.credentialKey, identifier: out.removed.identifier } : {}),
  });

  router.handle(contract.verifyCleanup, (input) => onboarding.verifyCleanup(input), {
    auditDetail: (_input, out): AuditDetail => (out ? { cloud: out.cloud, verified: out.verified, detail: out.detail } : {}),
    auditOutcome: (out) => (out.verified ? 'succeeded' : 'failed'),
  });

  router.handle(contract.list, (input) => onboarding.list(input.orgId));
}
