import type { AuditDetail } from '../../../shared/domain/audit.js';
import * as contract from '../../../shared/ipc/platform.js';
import type { DeviceKey } from '../../bundles/device-key.js';
import type { DeliveryService } from '../../platform-client/delivery-service.js';
import type { PlatformAuth } from '../../platform-client/platform-auth.js';
import type { ProfileRefresh } from '../../platform-client/profile-refresh.js';
import type { Settings } from '../../settings.js';
import type { IpcRouter } from '../router.js';
import type { MfaService } from '../../mfa/mfa-service.js';
import type { ProfileService } from '../../profile/profile-service.js';
import type { IntegrationStore } from '../../credentials/integration-store.js';
import { profileGate } from './protected-change.js';
import type { ExternalOpener } from './links.js';

export function registerPlatform(
  router: IpcRouter,
  deps: {
    auth: PlatformAuth;
    delivery: DeliveryService;
    deviceKey: DeviceKey;
    settings: Settings;
    profileRefresh: ProfileRefresh;
    openExternal: ExternalOpener;
    engineer: () => { name: string; email: string } | null;
    /** Profiles and step-up: a refreshed profile passes the gate a file import does. */
    profiles: ProfileService;
    mfa: MfaService;
    /** Which orgs have connections: moving a connected org's Azure app is gated. */
    integrations: IntegrationStore;
  },
): void {
  const { auth, delivery, deviceKey, settings, profileRefresh, openExternal, engineer, profiles, mfa, integrations } = deps;
  router.handle(contract.status, async () => {
    const url = settings.resolve('ALPHASWARM_ADMIN_PLATFORM_URL');
    const info = await deviceKey.info();
    const items = delivery.outbox.list();
    const active = profiles.active();
    const count = (state: string) => items.filter((i) => i.state === state).length;
    return {
      configured: url.value !== undefined && !url.problem,
      configuredUrl: url.value ?? null,
      signIn: auth.status(),
      engineer: engineer(),
      device: { kid: info.fingerprint, ...delivery.enrolment(info.fingerprint) },
      outbox: { queued: count('queued'), refused: count('refused'), delivered: count('delivered') },
      profile: { expiresAt: active ? new Date(active.exp * 1000).toISOString() : null, refreshDue: profileRefresh.due(), lastAutomatic: profileRefresh.lastAutomatic() },
    };
  });
  router.handle(contract.startSignIn, (_input, caller) => auth.startSignIn(caller.signal));
  router.handle(contract.finishSignIn, (input, caller) => auth.finishSignIn(input.flowId, caller.signal), {
    auditDetail: (_input, out): AuditDetail => (out ? { platform: out.platformUrl, scope: out.scope } : {}),
  });
  router.handle(contract.cancelSignIn, (input) => ({ cancelled: auth.cancelSignIn(input.flowId) }));
  router.handle(contract.openSignInPage, async (input) => {
    await openExternal(auth.signInPage(input.flowId));
    return { opened: true as const };
  });
  router.handle(contract.signOut, (_input, caller) => auth.signOut(caller.signal), {
    auditDetail: (_input, out): AuditDetail => (out ? { revoked: out.revoked, wasSignedIn: out.wasSignedIn } : {}),
  });
  // Audited by the delivery service itself: one bundle_send pending row and its outcome per attempt.
  router.handle(contract.push, (input, caller) => delivery.push(input.orgIds, caller.signal), {
    precheck: () => {
      auth.baseUrl();
    },
  });
  router.handle(contract.outboxList, () => ({
    items: delivery.outbox.list().map((i) => ({
      jti: i.jti,
      state: i.state,
      orgIds: [...i.orgIds],
      connections: i.connections.length,
      attempts: i.attempts,
      lastError: i.lastError,
      nextAttemptAt: i.state === 'queued' ? new Date(Math.max(i.nextAttemptAt, i.notBefore)).toISOString() : null,
      createdAt: i.createdAt,
      receiptJti: i.receiptJti,
      deliveredAt: i.deliveredAt,
      reason: i.reason,
    })),
  }));
  router.handle(contract.outboxFlush, async (_input, caller) => ({ results: await delivery.flush(caller.signal) }));
  router.handle(contract.refreshProfile, (input, caller) => profileRefresh.refresh(caller.signal, profileGate({ settings, mfa, integrations }, input.code, caller, 'settings refresh-profile --otp CODE')), {
    // Which profile, and who it is for, as a file import's row says.
    auditDetail: (input, out): AuditDetail => ({
      ...(input.code !== undefined ? { stepUp: 'code' } : {}),
      ...(out ? { changed: out.changed, jti: out.jti, engineer: profiles.active()?.engineer.email ?? null } : {}),
    }),
  });
}
