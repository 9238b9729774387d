import { AppError } from '../../shared/domain/errors.js';
import * as platformContracts from '../../shared/ipc/platform.js';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { AuditAnchor, CHECKPOINT_EVERY_ROWS } from '../audit/audit-anchor.js';
import { AuditLog } from '../audit/audit-log.js';
import { BundleService } from '../bundles/bundle-service.js';
import { DeviceKey } from '../bundles/device-key.js';
import { IntegrationStore } from '../credentials/integration-store.js';
import { type KeyVault, OsKeychain, auditMarkAccount, dataKeyAccount } from '../credentials/keychain.js';
import { OrgStore } from '../credentials/org-store.js';
import { SECRET_NAMES, SecretStore } from '../credentials/secret-store.js';
import { openDatabase } from '../db/database.js';
import { HealthService } from '../health/health-service.js';
import { HealthHistoryStore } from '../health/health-history-store.js';
import { registerArtifacts } from '../ipc/handlers/artifacts.js';
import { registerAudit } from '../ipc/handlers/audit.js';
import { registerBundles } from '../ipc/handlers/bundles.js';
import { registerCloudOnboarding } from '../ipc/handlers/cloud-onboarding.js';
import { registerEstate } from '../ipc/handlers/estate.js';
import { EstateService } from '../estate/estate-service.js';
import { EstateSelectionStore } from '../estate/selection-store.js';
import { EstateScanStore } from '../estate/scan-store.js';
import { registerDiagnostics } from '../ipc/handlers/diagnostics.js';
import { registerHealth } from '../ipc/handlers/health.js';
import { type ExternalOpener, registerLinks } from '../ipc/handlers/links.js';
import { registerMfa } from '../ipc/handlers/mfa.js';
import { registerOrgs } from '../ipc/handlers/orgs.js';
import { registerSettings } from '../ipc/handlers/settings.js';
import { registerUpdate } from '../ipc/handlers/update.js';
import { registerPlatform } from '../ipc/handlers/platform.js';
import { registerPresenting } from '../ipc/handlers/presenting.js';
import { DeliveryService } from '../platform-client/delivery-service.js';
import { PlatformApi } from '../platform-client/platform-api.js';
import { PlatformAuth, signInAccount } from '../platform-client/platform-auth.js';
import { type Sleep, systemSleep } from '../platform-client/platform-http.js';
import { ProfileRefresh } from '../platform-client/profile-refresh.js';
import { platformBackground } from '../platform-client/background.js';
import { IpcRouter } from '../ipc/router.js';
import { MfaService } from '../mfa/mfa-service.js';
import { StepUpGrants } from '../mfa/step-up.js';
import { subjectTokenSource } from '../oidc/sources.js';
import { BatchConnectService } from '../onboarding/batch-connect.js';
import { CleanupStore } from '../onboarding/cleanup-store.js';
import { DraftStore } from '../onboarding/draft-store.js';
import { OnboardingService } from '../onboarding/onboarding-service.js';
import { PackService } from '../packs/pack-service.js';
import { BusyRegistry, counted } from '../platform/busy.js';
import { type Clock, systemClock } from '../platform/clock.js';
import { LOG_LEVELS, type Logger, fileLogger } from '../platform/logger.js';
import { PinnedKeyStore } from '../profile/pinned-key-store.js';
import { ProfileService } from '../profile/profile-service.js';
import { AwsOrgIdentity } from '../providers/aws/org-identity.js';
import { AzureOrgApps } from '../providers/azure/org-app.js';
import { AwsProvider } from '../providers/cloud-aws.js';
import { AzureProvider } from '../providers/cloud-azure.js';
import { CloudflareProvider } from '../providers/cloud-cloudflare.js';
import { GcpProvider } from '../providers/cloud-gcp.js';
import { ProviderRegistry } from '../providers/registry.js';
import { type TestCloud, cloudGuardWith, stepChannelsWith } from '../providers/test-clouds.js';
import { UpdateService } from '../update/update-service.js';
import { type Env, Settings } from '../settings.js';
import type { SettingsBackendFactory } from '../settings/settings-file-store.js';
import { EngineerIdentity, type Surface } from '../profile/engineer.js';

/**
 * package.json's version, for the CLI and the browser host (Electron passes app.getVersion()): the
 * nearest package.json of this app above this module, from the sources, out/ or the built CLI.
 */
function packageVersion(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 5; i += 1, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'alphaswarm-cloud-onboarding' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here; look one folder up
    }
  }
  return '0.0.0';
}

export interface ServiceOptions {
  readonly env: Env;
  /** 'app' for the window (Electron or the Chromium fallback), 'cli' for the command line. */
  readonly surface: Surface;
  readonly clock?: Clock;
  /** The OS keychain by default; tests and benchmarks pass an in-memory vault. */
  readonly keyVault?: KeyVault;
  readonly openExternal?: ExternalOpener;
  readonly logger?: Logger;
  /** better-sqlite3 built for Electron's ABI, when running inside Electron. */
  readonly sqliteNativeBinding?: string;
  /** electron-store inside Electron; conf elsewhere. */
  readonly settingsBackend?: SettingsBackendFactory;
  /** The running app's version (Electron's app.getVersion()); package.json's otherwise. */
  readonly appVersion?: string;
  /**
   * Clouds a test brings besides this build's four, each one descriptor, contract and provider
   * (see main/providers/test-clouds.ts). Only tests pass it: nothing the app or the CLI reads
   * (settings, environment, files) can add a cloud.
   */
  readonly testClouds?: readonly TestCloud[];
  /** How waits happen (sign-in polling): timers by default; tests move their clock instead. */
  readonly sleep?: Sleep;
  /**
   * Only tests pass 'NORMAL' (see openDatabase): a commit then survives a crash of the process but
   * not of the machine, which no test makes. Nothing the app or the CLI reads can set it.
   */
  readonly sqliteSynchronous?: 'FULL' | 'NORMAL';
}

export interface Services {
  readonly settings: Settings;
  readonly db: Database;
  readonly audit: AuditLog;
  readonly anchor: AuditAnchor;
  readonly secrets: SecretStore;
  readonly orgs: OrgStore;
  readonly integrations: IntegrationStore;
  readonly grants: StepUpGrants;
  readonly mfa: MfaService;
  readonly profiles: ProfileService;
  readonly awsIdentity: AwsOrgIdentity;
  readonly azureApps: AzureOrgApps;
  readonly providers: ProviderRegistry;
  readonly onboarding: OnboardingService;
  readonly batches: BatchConnectService;
  readonly estate: EstateService;
  readonly drafts: DraftStore;
  readonly health: HealthService;
  readonly packs: PackService;
  readonly deviceKey: DeviceKey;
  readonly bundles: BundleService;
  readonly platformAuth: PlatformAuth;
  readonly delivery: DeliveryService;
  readonly profileRefresh: ProfileRefresh;
  /** While the app runs: retry the outbox with backoff, refresh the profile near its end (the window only). */
  startPlatformBackground(): void;
  /** One round of that background work, now (tests run it on their clock). */
  platformBackgroundTick(): Promise<void>;
  readonly router: IpcRouter;
  readonly logger: Logger;
  readonly engineer: EngineerIdentity;
  /** What a restart would interrupt; an update waits for it. */
  readonly busy: BusyRegistry;
  readonly updates: UpdateService;
  /** Who audit rows name right now (the profile's engineer, or the OS user marked as not verified). */
  readonly actor: string;
  close(): void;
}

/**
 * The composition root: every service built once, from settings, in one place — the same graph
 * for the Electron app, the Chromium fallback, the CLI and the tests.
 */
export async function createServices(options: ServiceOptions): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const testClouds = options.testClouds ?? [];
  const isCloud = cloudGuardWith(testClouds);
  const settings = new Settings(options.env, { ...(options.settingsBackend ? { backend: options.settingsBackend } : {}) });
  // The app logs each call at info; the CLI only warnings and errors (its output is the record).
  const envLevel = LOG_LEVELS.find((l) => l === options.env.ALPHASWARM_ADMIN_LOG_LEVEL);
  const logger = options.logger ?? fileLogger(settings.dataDir, { level: envLevel ?? (options.surface === 'cli' ? 'warn' : 'info') });
  const db = openDatabase(settings.dataDir, { nativeBinding: options.sqliteNativeBinding, ...(options.sqliteSynchronous ? { synchronous: options.sqliteSynchronous } : {}) });
  const audit = new AuditLog(db, clock);
  audit.closeInterrupted();

  const vault = options.keyVault ?? new OsKeychain(settings.require('ALPHASWARM_ADMIN_KEYCHAIN_SERVICE'));
  const secrets = new SecretStore(db, vault, dataKeyAccount(settings.dataDir), clock);
  // An imported external-id key stands in when the environment has none; read only when asked for.
  settings.useSecretLookup((name) => {
    if (name !== 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET' || !secrets.has(SECRET_NAMES.externalIdKey)) return undefined;
    const r = secrets.read(SECRET_NAMES.externalIdKey);
    return r.status === 'ok' ? r.value : undefined;
  });

  const pinnedKeys = new PinnedKeyStore(db, settings, clock);
  const profiles = new ProfileService(db, settings, pinnedKeys, clock);
  await profiles.refresh();
  settings.useProfile(() => profiles.settingsView());
  const engineer = new EngineerIdentity(options.surface, () => profiles.active());

  const orgs = new OrgStore(db, clock);
  orgs.ensurePlatform();
  const integrations = new IntegrationStore(db, isCloud);
  const grants = new StepUpGrants(clock, settings.int('ALPHASWARM_ADMIN_STEP_UP_TTL_SECONDS') * 1000);
  const mfa = new MfaService(db, secrets, grants, clock, engineer.osUser);
  let source: ReturnType<typeof subjectTokenSource> | undefined;
  // Built on first use: bootstrap (offline) never needs it, and a missing setting is reported then.
  const tokenSource = () => (source ??= subjectTokenSource(settings, clock));
  const awsIdentity = new AwsOrgIdentity(settings, profiles);
  const azureApps = new AzureOrgApps(settings, profiles);
  const providers = new ProviderRegistry({
    aws: new AwsProvider(settings, clock, awsIdentity),
    azure: new AzureProvider(settings, clock, tokenSource, azureApps),
    gcp: new GcpProvider(settings, clock, tokenSource),
    cloudflare: new CloudflareProvider(settings, clock),
  }, testClouds);
  const cleanups = new CleanupStore(db);
  const onboarding = new OnboardingService(db, providers, orgs, integrations, secrets, cleanups, audit, clock, (cloud, orgId) => {
    const ready = profiles.active()?.orgs.get(orgId)?.platformReady;
    return cloud === 'azure' ? ready?.azure === true : cloud === 'gcp' ? ready?.gcp === true : false;
  });
  const inOneTransaction = (fn: () => void) => db.transaction(fn).immediate();
  const batches = new BatchConnectService(providers, onboarding, audit, logger, inOneTransaction);
  const drafts = new DraftStore(db, clock);
  const estate = new EstateService(providers, onboarding, batches, new EstateSelectionStore(db, clock), new EstateScanStore(db), clock, () => settings.int('ALPHASWARM_ADMIN_HEALTH_CONCURRENCY'));

  // A connection's checks make a few calls in a row: give it room for them, then give up on it.
  const health = new HealthService(providers, integrations, secrets, audit, clock, () => settings.int('ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS') * 4, logger, undefined, inOneTransaction, new HealthHistoryStore(db));

  const packs = new PackService(providers, settings);
  const deviceKey = new DeviceKey(secrets, audit, clock, () => engineer.actor());
  const anchor = new AuditAnchor(db, audit, deviceKey, vault, auditMarkAccount(settings.dataDir), clock, logger);
  // A new database where the keychain remembers another's checkpoints: said in its first row, anchored.
  try {
    await anchor.adoptNewDatabase(engineer.actor());
  } catch (error) {
    logger.warn('audit anchor not moved to the new database', { reason: error instanceof Error ? error.message.slice(0, 300) : 'unknown' });
  }
  // Every CHECKPOINT_EVERY_ROWS rows, a signed checkpoint, once the current work has returned.
  let sinceCheckpoint = 0;
  audit.afterAppend = () => {
    if (++sinceCheckpoint < CHECKPOINT_EVERY_ROWS) return;
    sinceCheckpoint = 0;
    setImmediate(() => void anchor.maybeCheckpoint());
  };
  const bundles = new BundleService(onboarding, integrations, secrets, audit, anchor, deviceKey, settings, clock, engineer);
  const platformAuth = new PlatformAuth(settings, vault, signInAccount(settings.dataDir), clock, options.sleep ?? systemSleep);
  const platformApi = new PlatformApi(platformAuth, settings, clock);
  const delivery = new DeliveryService(db, bundles, integrations, platformAuth, platformApi, deviceKey, pinnedKeys, settings, audit, clock, () => engineer.actor(), logger, profiles);
  const profileRefresh = new ProfileRefresh(platformApi, platformAuth, profiles, clock);
  let stopBackground: (() => void) | undefined;
  // The background refresh goes through the router like any caller (pending and outcome audit
  // rows), as one that can show no confirmation and has no code: a profile needing either is
  // refused and left for the engineer (Settings → Platform, or settings refresh-profile --otp).
  const refreshInBackground = async () => {
    const r = await router.call(platformContracts.refreshProfile, {}, { actor: engineer.actor(), trusted: true });
    if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.hint);
    return r.value;
  };

  const busy = new BusyRegistry();
  busy.add(() => counted(onboarding.wizardsInProgress(), 'wizard part-way through', 'wizards part-way through'));
  busy.add(() => counted(batches.running(), 'connect-many run', 'connect-many runs'));
  busy.add(() => counted(health.running(), 're-check run', 're-check runs'));
  busy.add(() => counted(delivery.sending(), 'send to the platform', 'sends to the platform'));
  platformAuth.sendsUnderWay = () => delivery.sending() > 0;
  const updates = new UpdateService(settings, options.appVersion ?? packageVersion(), busy, audit, clock, () => engineer.actor(), logger);

  const router = new IpcRouter(audit, grants, logger, () => engineer.actor(), isCloud);
  const background = platformBackground({ delivery, profileRefresh, refreshProfile: refreshInBackground, auth: platformAuth, settings, logger, clock });
  registerOrgs(router, orgs);
  registerCloudOnboarding(router, onboarding, providers, batches, drafts, settings, stepChannelsWith(testClouds));
  registerEstate(router, estate);
  registerMfa(router, mfa);
  registerSettings(router, { settings, secrets, providers, profiles, awsIdentity, azureApps, mfa, integrations, anchor });
  registerAudit(router, audit, anchor);
  registerHealth(router, health, settings);
  registerArtifacts(router, packs);
  registerBundles(router, bundles, deviceKey, packs);
  registerDiagnostics(router, logger);
  registerUpdate(router, updates);
  registerPresenting(router, settings, orgs, engineer.osUser, () => [...(profiles.active()?.orgs.keys() ?? [])]);
    const openExternal: ExternalOpener =
    options.openExternal ??
    (() => {
      return Promise.reject(new Error('No browser is available to open links from here.'));
    });
  registerLinks(router, openExternal);
  registerPlatform(router, {
    auth: platformAuth,
    delivery,
    deviceKey,
    settings,
    profileRefresh,
    openExternal,
    engineer: () => {
      const e = profiles.active()?.engineer;
      return e ? { name: e.name, email: e.email } : null;
    },
    profiles,
    mfa,
    integrations,
  });

  return {
    settings,
    db,
    audit,
    anchor,
    secrets,
    orgs,
    integrations,
    grants,
    mfa,
    profiles,
    awsIdentity,
    azureApps,
    providers,
    onboarding,
    batches,
    estate,
    drafts,
    health,
    packs,
    deviceKey,
    bundles,
    platformAuth,
    delivery,
    profileRefresh,
    startPlatformBackground: () => {
      stopBackground ??= background.start();
    },
    platformBackgroundTick: () => background.tick(),
    router,
    logger,
    engineer,
    busy,
    updates,
    get actor() {
      return engineer.actor();
    },
    close: () => {
      stopBackground?.();
      logger.flush();
      db.close();
    },
  };
}
