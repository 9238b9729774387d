import { hostname, userInfo } from 'node:os';
import type { Database } from 'better-sqlite3';
import { AuditLog } from '../audit/audit-log.js';
import { IntegrationStore } from '../credentials/integration-store.js';
import { type KeyVault, OsKeychain, dataKeyAccount } from '../credentials/keychain.js';
import { OrgStore } from '../credentials/org-store.js';
import { SECRET_NAMES, SecretStore } from '../credentials/secret-store.js';
import { openDatabase } from '../db/database.js';
import { registerAudit } from '../ipc/handlers/audit.js';
import { registerCloudOnboarding } from '../ipc/handlers/cloud-onboarding.js';
import { type ExternalOpener, registerLinks } from '../ipc/handlers/links.js';
import { registerMfa } from '../ipc/handlers/mfa.js';
import { registerOrgs } from '../ipc/handlers/orgs.js';
import { registerSettings } from '../ipc/handlers/settings.js';
import { IpcRouter } from '../ipc/router.js';
import { MfaService } from '../mfa/mfa-service.js';
import { StepUpGrants } from '../mfa/step-up.js';
import { HealthService } from '../health/health-service.js';
import { registerHealth } from '../ipc/handlers/health.js';
import { registerArtifacts } from '../ipc/handlers/artifacts.js';
import { PackService } from '../packs/pack-service.js';
import { BundleService } from '../bundles/bundle-service.js';
import { DeviceKey } from '../bundles/device-key.js';
import { registerBundles } from '../ipc/handlers/bundles.js';
import { OnboardingService } from '../onboarding/onboarding-service.js';
import { type Clock, systemClock } from '../platform/clock.js';
import { type Logger, fileLogger } from '../platform/logger.js';
import { subjectTokenSource } from '../oidc/sources.js';
import { AwsProvider } from '../providers/cloud-aws.js';
import { AzureProvider } from '../providers/cloud-azure.js';
import { CloudflareProvider } from '../providers/cloud-cloudflare.js';
import { GcpProvider } from '../providers/cloud-gcp.js';
import { ProviderRegistry } from '../providers/registry.js';
import { type Env, Settings } from '../settings.js';

export interface ServiceOptions {
  readonly env: Env;
  /** 'app' for the window (Electron or the Chromium fallback), 'cli' for the command line. */
  readonly surface: 'app' | 'cli';
  readonly clock?: Clock;
  readonly keyVault?: KeyVault;
  readonly openExternal?: ExternalOpener;
  readonly logger?: Logger;
  /** better-sqlite3 built for Electron's ABI, when running inside Electron. */
  readonly sqliteNativeBinding?: string;
}

export interface Services {
  readonly settings: Settings;
  readonly db: Database;
  readonly audit: AuditLog;
  readonly secrets: SecretStore;
  readonly orgs: OrgStore;
  readonly integrations: IntegrationStore;
  readonly grants: StepUpGrants;
  readonly mfa: MfaService;
  readonly providers: ProviderRegistry;
  readonly onboarding: OnboardingService;
  readonly health: HealthService;
  readonly packs: PackService;
  readonly deviceKey: DeviceKey;
  readonly bundles: BundleService;
  readonly router: IpcRouter;
  readonly logger: Logger;
  readonly actor: string;
  close(): void;
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * The composition root: every service built once, from settings, in one place — the same graph
 * for the Electron app, the Chromium fallback, the CLI and the tests.
 */
export function createServices(options: ServiceOptions): Services {
  const clock = options.clock ?? systemClock;
  const settings = new Settings(options.env);
  const logger = options.logger ?? fileLogger(settings.dataDir);
  const db = openDatabase(settings.dataDir, { nativeBinding: options.sqliteNativeBinding });
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

  const orgs = new OrgStore(db, clock);
  orgs.ensurePlatform();
  const integrations = new IntegrationStore(db);
  const grants = new StepUpGrants(clock, settings.int('ALPHASWARM_ADMIN_STEP_UP_TTL_SECONDS') * 1000);
  const actor = `${options.surface}:${localUser()}@${hostname()}`;
  const mfa = new MfaService(db, secrets, grants, clock, `${localUser()}@${hostname()}`);
  let source: ReturnType<typeof subjectTokenSource> | undefined;
  // Built on first use: bootstrap (offline) never needs it, and a missing setting is reported then.
  const tokenSource = () => (source ??= subjectTokenSource(settings, clock));
  const providers = new ProviderRegistry([new AwsProvider(settings, clock), new AzureProvider(settings, clock, tokenSource), new GcpProvider(settings, clock, tokenSource), new CloudflareProvider(settings, clock)]);
  const onboarding = new OnboardingService(db, providers, orgs, integrations, secrets, clock);

  // A connection's checks make a few calls in a row: give it room for them, then give up on it.
  const health = new HealthService(providers, integrations, secrets, audit, clock, () => settings.int('ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS') * 4);

  const packs = new PackService(providers, settings);
  const deviceKey = new DeviceKey(secrets, audit, clock, actor);
  const bundles = new BundleService(onboarding, secrets, audit, deviceKey, settings, clock, actor);

  const router = new IpcRouter(audit, grants, logger);
  registerOrgs(router, orgs);
  registerCloudOnboarding(router, onboarding, providers);
  registerMfa(router, mfa);
  registerSettings(router, settings, secrets, providers);
  registerAudit(router, audit);
  registerHealth(router, health, settings);
  registerArtifacts(router, packs);
  registerBundles(router, bundles, deviceKey, packs);
  registerLinks(
    router,
    options.openExternal ??
      (async () => {
        throw new Error('No browser is available to open links from here.');
      }),
  );

  return {
    settings,
    db,
    audit,
    secrets,
    orgs,
    integrations,
    grants,
    mfa,
    providers,
    onboarding,
    health,
    packs,
    deviceKey,
    bundles,
    router,
    logger,
    actor,
    close: () => db.close(),
  };
}
