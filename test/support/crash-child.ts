// A child process that is killed between a disconnect's `pending` audit row and its outcome.
// Mode "before": the kill lands before the change; mode "after": after the change committed.
import { createServices } from '../../main/app/services.js';
import { connectionSecretName } from '../../main/credentials/integration-store.js';
import { MemoryKeyVault, dataKeyAccount } from '../../main/credentials/keychain.js';
import { silentLogger } from '../../main/platform/logger.js';
import { normalizeDataDir } from '../../main/settings.js';
import { storedConnection } from './seed.js';
import { ipc } from './contracts.js';

const mode = process.argv[2] as 'before' | 'after';
// The parent shares the data key through the environment: an in-memory vault in two processes.
const vault = new MemoryKeyVault();
vault.set(dataKeyAccount(normalizeDataDir(process.env.ALPHASWARM_ADMIN_DATA_DIR!)), process.env.CRASH_TEST_DATA_KEY!);
const services = await createServices({ env: process.env, surface: 'app', logger: silentLogger, keyVault: vault });
const orgId = 'crash-org';
const stored = storedConnection({ cloud: 'cloudflare', orgId, record: { template: 'dns_edit', token_id: 'a'.repeat(32), account_owned: false, account_id: null }, lastValidatedAt: null });
services.db.transaction(() => {
  services.orgs.ensure(orgId);
  services.integrations.save(stored);
  services.secrets.put(connectionSecretName(stored), 'cfut_crashcrashcrashcrashcrash0123456789');
})();
services.grants.grant(orgId);

const original = services.onboarding.disconnect.bind(services.onboarding);
services.onboarding.disconnect = ((input: Parameters<typeof original>[0], actor: string) => {
  if (mode === 'after') original(input, actor);
  process.stdout.write('BLOCKED\n');
  // Hold here until killed: the outcome row is never written.
  const wait = new SharedArrayBuffer(4);
  Atomics.wait(new Int32Array(wait), 0, 0);
  return original(input, actor);
});

void services.router.call(ipc.cloud.disconnect, { cloud: 'cloudflare', orgId }, { actor: 'app:crash-test', trusted: true });
