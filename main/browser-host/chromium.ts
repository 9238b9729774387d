import { existsSync } from 'node:fs';

/** Flags that keep Chromium quiet and offline-friendly (no background fetches, no first-run UI). */
export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
];

/** Running as root: Chromium refuses to start sandboxed then, so the sandbox is the one thing given up. */
export function runsAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Chromium's flags for this user: sandboxed, except as root (CI containers), where Chromium cannot
 * sandbox itself — and the caller says so.
 */
export function chromiumArgs(asRoot = runsAsRoot()): { args: string[]; sandboxed: boolean } {
  return asRoot ? { args: ['--no-sandbox', ...CHROMIUM_ARGS], sandboxed: false } : { args: [...CHROMIUM_ARGS], sandboxed: true };
}

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** The system's Chromium (or Chrome): ALPHASWARM_CHROMIUM_PATH first, then the usual places. */
export function findChromium(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const explicit = env.ALPHASWARM_CHROMIUM_PATH;
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}
