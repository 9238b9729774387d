// A child process that is killed between a disconnect's `pending` audit row and its outcome.
// Mode "before": the kill lands before the change; mode "after": after the change committed.
import { createServices } from '../../main/app/services.js';
import { silentLogger } from '../../main/platform/logger.js';

const mode = process.argv[2] as 'before' | 'after';
const services = createServices({ env: process.env, surface: 'app', logger: silentLogger });
const orgId = 'crash-org';
services.db.transaction(() => {
  services.orgs.ensure(orgId);
  services.integrations.save({
    cloud: 'cloudflare',
    orgId,
    record: { template: 'dns_edit', token_id: 'a'.repeat(32), account_owned: false, account_id: null },
    keyFingerprint: null,
    status: 'connected',
    statusReason: null,
    connectedAt: new Date().toISOString(),
    lastValidatedAt: null,
    expiresOn: null,
  });
  services.secrets.put('cloud_cloudflare/org:crash-org', 'cfut_crashcrashcrashcrashcrash0123456789');
})();
services.grants.grant(orgId);

const original = services.onboarding.disconnect.bind(services.onboarding);
services.onboarding.disconnect = ((input: Parameters<typeof original>[0]) => {
  if (mode === 'after') original(input);
  process.stdout.write('BLOCKED\n');
  // Hold here until killed: the outcome row is never written.
  const wait = new SharedArrayBuffer(4);
  Atomics.wait(new Int32Array(wait), 0, 0);
  return original(input);
}) as typeof original;

void services.router.invoke('cloud:disconnect', { cloud: 'cloudflare', orgId }, { actor: 'app:crash-test', trusted: true });
