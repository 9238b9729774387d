// A process that makes one kind of change over and over through the router, as the app would,
// printing a line at every audit row and every finished change, until the parent kills it
// (SIGKILL) after a random number of those lines. The parent then checks that every change
// visible in the data folder has its audit row.
import { createServices } from '../../../main/app/services.js';
import { MemoryKeyVault, dataKeyAccount } from '../../../main/credentials/keychain.js';
import { silentLogger } from '../../../main/platform/logger.js';
import { normalizeDataDir } from '../../../main/settings.js';
import { crashProfile } from './crash-profile.js';

const env = process.env as Record<string, string>;
const kind = process.argv[2];
const start = Number(process.argv[3] ?? 0);
const vault = new MemoryKeyVault();
vault.set(dataKeyAccount(normalizeDataDir(env.ALPHASWARM_ADMIN_DATA_DIR!)), env.CHILD_DATA_KEY!);
const services = await createServices({ env, surface: 'app', logger: silentLogger, keyVault: vault });
services.audit.afterAppend = () => void process.stdout.write('row\n');
// A progress point the moment each kind of change is saved, so some kills land right after it
// (before the outcome row): where a change without a row first would show.
// The line is on the pipe before the pause (pipes are written synchronously on Linux and macOS),
// so a parent that kills on this line kills inside the pause: between the save and what follows it.
const pause = new Int32Array(new SharedArrayBuffer(4));
const written = () => {
  process.stdout.write('written\n');
  Atomics.wait(pause, 0, 0, 40);
};
const update = services.settings.file.update.bind(services.settings.file);
services.settings.file.update = async (change) => {
  await update(change);
  written();
};
const put = services.secrets.put.bind(services.secrets);
services.secrets.put = (name, value) => {
  put(name, value);
  written();
};
const importProfile = services.profiles.import.bind(services.profiles);
services.profiles.import = async (...args) => {
  const out = await importProfile(...args);
  written();
  return out;
};
// A secret import takes a code for each change. This loop is about audit rows across kills, not
// about codes (one per 30 s step): the person confirms, and the code check answers "granted".
services.mfa.spend = () => Promise.resolve();
const caller = { actor: 'app:crash-loop', trusted: true, confirmChange: () => Promise.resolve(true) } as const;
services.grants.grant('__platform__');

for (let i = start; ; i++) {
  let payload: [string, unknown];
  switch (kind) {
    case 'settings':
      payload = ['settings:set', { name: 'ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS', value: String(1000 + i) }];
      break;
    case 'org':
      payload = ['orgs:add', { orgId: `crash-org-${i}`, displayName: `Crash org ${i}` }];
      break;
    case 'secret':
      payload = ['settings:importSecret', { orgId: '__platform__', name: 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET', value: `crash-hmac-key-${String(i).padStart(8, '0')}`, code: '000000' }];
      break;
    case 'profile':
      // The first profile on a laptop takes a code (it names the engineer); the later ones are routine.
      payload = ['settings:importProfile', { text: crashProfile(JSON.parse(env.CHILD_PROFILE_KEY!) as Record<string, string>, Number(env.CHILD_PROFILE_BASE), i), acceptFingerprint: env.CHILD_PROFILE_KID, code: '000000' }];
      break;
    default:
      throw new Error(`unknown kind ${kind}`);
  }
  const r = await services.router.invoke(payload[0], payload[1], caller);
  if (!r.ok) {
    process.stderr.write(`${payload[0]} failed: ${r.error.code}: ${r.error.message}\n`);
    process.exit(3);
  }
  process.stdout.write('done\n');
}
