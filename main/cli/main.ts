import { quietSdkWarnings } from '../platform/warnings.js';
import { installCrashHandlers } from '../platform/crash-handlers.js';
import { processIo } from './io.js';
import { cliLogger, runCli } from './run.js';

quietSdkWarnings();
installCrashHandlers(cliLogger, (line) => process.stderr.write(`error: ${line}`));
// `list | head -1`: the reader went away. Stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
// Ctrl-C once: the command's cloud calls are aborted and it ends with what it has. Twice: exit now.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});
const code = await runCli(process.argv.slice(2), { env: process.env, io: processIo(), signal: interrupt.signal });
process.exitCode = code;
