// One of several processes presenting step-up codes at the same moment, on a shared data folder.
// The parent shares the data key through the environment (an in-memory vault in each process),
// fixes the clock, and says "go" on standard input once every child is ready.
import { once } from 'node:events';
import { createServices } from '../../../main/app/services.js';
import { MemoryKeyVault, dataKeyAccount } from '../../../main/credentials/keychain.js';
import { silentLogger } from '../../../main/platform/logger.js';
import { normalizeDataDir } from '../../../main/settings.js';
import { ipc } from '../../support/contracts.js';

const env = process.env as Record<string, string>;
const vault = new MemoryKeyVault();
vault.set(dataKeyAccount(normalizeDataDir(env.ALPHASWARM_ADMIN_DATA_DIR!)), env.RACE_DATA_KEY!);
const now = Number(env.RACE_NOW_MS);
const codes = env.RACE_CODES!.split(',');
const services = await createServices({ env, surface: 'cli', logger: silentLogger, keyVault: vault, clock: { now: () => now } });
process.stdout.write('READY\n');
await once(process.stdin, 'data');
const outcomes: string[] = [];
for (const code of codes) {
  const r = await services.router.call(ipc.mfa.verify, { orgId: 'acme-corp', code }, { actor: `cli:race-${process.pid}`, trusted: true });
  outcomes.push(r.ok ? 'granted' : r.error.code);
}
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
services.close();
