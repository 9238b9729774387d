import { quietSdkWarnings } from '../platform/warnings.js';
import { processIo } from './io.js';
import { runCli } from './run.js';

quietSdkWarnings();
const code = await runCli(process.argv.slice(2), { env: process.env, io: processIo() });
process.exitCode = code;
