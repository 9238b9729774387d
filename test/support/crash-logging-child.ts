// A process that crashes after installing the app's crash handlers: the parent checks the exit,
// the line on stderr, and the log file (which must hold the stack, and no secret).
import { installCrashHandlers } from '../../main/platform/crash-handlers.js';
import { fileLogger } from '../../main/platform/logger.js';

const logger = fileLogger(process.env.CRASH_DATA_DIR!, { level: 'warn' });
installCrashHandlers(() => logger, (line) => process.stderr.write(`error: ${line}`));
const mode = process.argv[2];
const secret = process.env.CRASH_CANARY!;
if (mode === 'rejection') void Promise.reject(new Error(`the SDK said Bearer ${secret} was refused`));
else setTimeout(() => {
  throw new Error(`boom with token ${secret}`);
}, 0);
