// A process beside others on one data folder's audit log, released by "go" on standard input:
//   close:       closes orphaned pending rows at start-up, as createServices does; prints "closed N".
//   append N:    appends N rows as fast as it can (the CLI writing beside the app); prints DONE.
import { once } from 'node:events';
import { AuditLog } from '../../../main/audit/audit-log.js';
import { openDatabase } from '../../../main/db/database.js';
import { systemClock } from '../../../main/platform/clock.js';

const [mode, count] = process.argv.slice(2);
const audit = new AuditLog(openDatabase(process.env.ALPHASWARM_ADMIN_DATA_DIR!), systemClock);
process.stdout.write('READY\n');
await once(process.stdin, 'data');
if (mode === 'close') {
  process.stdout.write(`closed ${audit.closeInterrupted()}\n`);
} else if (mode === 'append') {
  for (let i = 0; i < Number(count); i++) audit.append({ actor: 'cli', orgId: 'acme-corp', cloud: null, step: 'enumerate', outcome: 'succeeded', detail: { i } });
  process.stdout.write('DONE\n');
} else {
  process.stderr.write(`unknown mode ${mode ?? ''}\n`);
  process.exitCode = 2;
}
