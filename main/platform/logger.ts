import { existsSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Pino from 'pino';
import { redactFields, redactText } from './redact.js';

export type LogFields = Readonly<Record<string, string | number | boolean | null>>;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Write what is buffered (before a crash exit). */
  flush(): void;
  readonly path: string | null;
}

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface FileLoggerOptions {
  /** Lines below this level are dropped before anything is loaded or written. */
  readonly level?: LogLevel;
  /** Rotate main.log once it passes this size; keep this many old files (main.1.log …). */
  readonly maxBytes?: number;
  readonly keep?: number;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_KEEP = 3;

/** main.log → main.1.log → main.2.log …; the oldest beyond `keep` is dropped. */
function rotate(dir: string, keep: number): void {
  rmSync(join(dir, `main.${keep}.log`), { force: true });
  for (let i = keep - 1; i >= 1; i--) {
    const from = join(dir, `main.${i}.log`);
    if (existsSync(from)) renameSync(from, join(dir, `main.${i + 1}.log`));
  }
  if (existsSync(join(dir, 'main.log'))) renameSync(join(dir, 'main.log'), join(dir, 'main.1.log'));
}

/**
 * JSON-lines log in the data folder's `logs/`, written by pino with levels and size-based rotation.
 * Callers pass metadata (channel names, codes, timings); anything secret-shaped that slips into a
 * message or a field is redacted before it is written. pino loads on the first line at or above the
 * level, so a quiet command (the offline CLI) never pays for it.
 */
export function fileLogger(dataDir: string, options: FileLoggerOptions = {}): Logger {
  const dir = join(dataDir, 'logs');
  const path = join(dir, 'main.log');
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const keep = options.keep ?? DEFAULT_KEEP;
  let pino: Pino.Logger | undefined;
  let destination: { flushSync(): void } | undefined;
  let written = 0;
  let broken = false;

  const open = (): Pino.Logger | undefined => {
    if (pino || broken) return pino;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      written = existsSync(path) ? statSync(path).size : 0;
      if (written >= maxBytes) {
        rotate(dir, keep);
        written = 0;
      }
      // pino is CommonJS: required synchronously, on the first line that is written.
      const load = createRequire(import.meta.url)('pino') as typeof Pino;
      // The file is opened here, synchronously (0600, append): the stream is ready at once, so a
      // crash handler can flush it; lines are then written asynchronously.
      const openStream = () => load.destination({ dest: openSync(path, 'a', 0o600), sync: false });
      let sonic = openStream();
      destination = { flushSync: () => sonic.flushSync() };
      const counting = {
        write: (line: string) => {
          written += Buffer.byteLength(line);
          const ok = sonic.write(line);
          if (written >= maxBytes) {
            sonic.flushSync();
            sonic.end();
            rotate(dir, keep);
            sonic = openStream();
            written = 0;
          }
          return ok;
        },
      };
      pino = load.default({ level: LOG_LEVELS[Math.max(threshold, 0)], base: null, timestamp: load.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } }, counting);
    } catch {
      // Logging must never take the app down: a data folder we cannot write is reported elsewhere.
      broken = true;
    }
    return pino;
  };

  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const log = open();
    if (!log) return;
    try {
      log[level](redactFields(fields ?? {}), redactText(message));
    } catch {
      // As above: never fatal.
    }
  };

  return {
    path,
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    flush: () => {
      try {
        destination?.flushSync();
      } catch {
        // Nothing more can be done at exit.
      }
    },
  };
}

export const silentLogger: Logger = { path: null, info() {}, warn() {}, error() {}, flush() {} };
