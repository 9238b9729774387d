import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  readonly path: string | null;
}

/**
 * JSON-lines log in the data folder. Callers pass only metadata (channel names, codes, timings);
 * payloads and secrets never reach it, and nothing here tries to redact after the fact.
 */
export function fileLogger(dataDir: string): Logger {
  const dir = join(dataDir, 'logs');
  const path = join(dir, 'main.log');
  let ready = false;
  const write = (level: string, message: string, fields?: LogFields) => {
    try {
      if (!ready) {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        ready = true;
      }
      appendFileSync(path, `${JSON.stringify({ ts: new Date().toISOString(), level, message, ...fields })}\n`, { mode: 0o600 });
    } catch {
      // Logging must never take the app down.
    }
  };
  return {
    path,
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = { path: null, info() {}, warn() {}, error() {} };
