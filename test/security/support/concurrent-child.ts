// One of several processes started at once on one data folder, released together by a "go" on
// standard input once every child is ready (so they really overlap).
//   first-start:      open the app's services (database created and migrated), print the identity.
//   settings-writer:  ROUNDS times, give one org of its own an AWS role name in the settings file.
//   first-secret:     store a secret on a folder with no data key yet (the keychain shared in files).
//   first-device-key: read this device's signing key on a folder that has none yet; print its fingerprint.
//   slow-mark:        checkpoint with a keychain slow to write the audit record (a macOS prompt, a busy D-Bus).
//   quick-mark:       the CLI beside it: as soon as the first checkpoint row is in, add rows and checkpoint.
import { once } from 'node:events';
import { createServices } from '../../../main/app/services.js';
import { type KeyVault, MemoryKeyVault, auditMarkAccount, dataKeyAccount } from '../../../main/credentials/keychain.js';
import { silentLogger } from '../../../main/platform/logger.js';
import { Settings, normalizeDataDir } from '../../../main/settings.js';
import { FileKeyVault } from '../../support/file-key-vault.js';

const env = process.env as Record<string, string>;
const [mode, who] = process.argv.slice(2);
/** Says READY, then waits for the parent's "go": every child is then at the same point. */
async function go(): Promise<void> {
  process.stdout.write('READY\n');
  await once(process.stdin, 'data');
}

if (mode !== 'first-secret' && mode !== 'slow-mark' && mode !== 'quick-mark') await go();

if (mode === 'first-start') {
  const vault = new MemoryKeyVault();
  vault.set(dataKeyAccount(normalizeDataDir(env.ALPHASWARM_ADMIN_DATA_DIR!)), env.CHILD_DATA_KEY!);
  const services = await createServices({ env, surface: 'cli', logger: silentLogger, keyVault: vault });
  services.audit.append({ actor: `cli:first-start-${who}`, orgId: null, cloud: null, step: 'health', outcome: 'succeeded', detail: { who: who ?? '' } });
  process.stdout.write(`${JSON.stringify({ identity: services.db.prepare('SELECT value FROM database_identity').pluck().get() })}\n`);
  services.close();
} else if (mode === 'settings-writer') {
  const settings = new Settings(env);
  for (let round = 0; round < Number(env.CHILD_ROUNDS ?? 5); round++) await settings.setOrgRoleName(`writer-${who}-round-${round}`, `Role${who}x${round}`);
  process.stdout.write('DONE\n');
} else if (mode === 'first-secret') {
  const services = await createServices({ env, surface: 'cli', logger: silentLogger, keyVault: new FileKeyVault(env.CHILD_VAULT_DIR!) });
  // Released only once every child has its services open: the first writes then really overlap.
  await go();
  services.secrets.put(`child-${who}`, `value-of-child-${who}`);
  services.close();
  process.stdout.write('DONE\n');
} else if (mode === 'first-device-key') {
  const vault = new MemoryKeyVault();
  vault.set(dataKeyAccount(normalizeDataDir(env.ALPHASWARM_ADMIN_DATA_DIR!)), env.CHILD_DATA_KEY!);
  const services = await createServices({ env, surface: 'cli', logger: silentLogger, keyVault: vault });
  await services.anchor.checkpoint();
  process.stdout.write(`${JSON.stringify({ fingerprint: (await services.deviceKey.info()).fingerprint })}\n`);
  services.close();
} else if (mode === 'slow-mark' || mode === 'quick-mark') {
  const files = new FileKeyVault(env.CHILD_VAULT_DIR!);
  const mark = auditMarkAccount(normalizeDataDir(env.ALPHASWARM_ADMIN_DATA_DIR!));
  const slow: KeyVault = {
    description: 'a keychain slow to write',
    get: (a) => files.get(a),
    set: (a, v) => {
      if (a === mark) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
      files.set(a, v);
    },
    delete: (a) => files.delete(a),
  };
  const services = await createServices({ env, surface: 'cli', logger: silentLogger, keyVault: mode === 'slow-mark' ? slow : files });
  await go();
  if (mode === 'quick-mark') {
    while (!services.db.prepare('SELECT 1 FROM audit_checkpoints WHERE n = 1').get()) await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 20; i++) services.audit.append({ actor: 'cli:quick', orgId: null, cloud: null, step: 'health', outcome: 'succeeded', detail: { i } });
  }
  process.stdout.write(`${JSON.stringify({ n: (await services.anchor.checkpoint()).n })}\n`);
  services.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
