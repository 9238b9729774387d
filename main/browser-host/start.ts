import { resolve } from 'node:path';
import { createServices } from '../app/services.js';
import { installCrashHandlers } from '../platform/crash-handlers.js';
import { quietSdkWarnings } from '../platform/warnings.js';
import { findChromium } from './chromium.js';
import { openBrowserHost } from './host.js';
import { openInSystemBrowser } from './system-browser.js';

/**
 * `npm start` where Electron's binary cannot be had: the same renderer, in the system's Chromium,
 * with the same services behind the same typed bridge.
 */
quietSdkWarnings();
const executablePath = findChromium(process.env);
if (!executablePath) {
  process.stderr.write('No Chromium or Chrome was found. Install one (Debian: apt-get install -y chromium) or set ALPHASWARM_CHROMIUM_PATH.\n');
  process.exit(1);
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  process.stderr.write('No display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset). Run from a desktop session, or under xvfb-run for a virtual one.\n');
  process.exit(1);
}

const services = await createServices({ env: process.env, surface: 'app', openExternal: openInSystemBrowser });
installCrashHandlers(() => services.logger, (line) => process.stderr.write(`error: ${line}`));
services.startPlatformBackground();
const host = await openBrowserHost(services, { rendererDir: resolve('out/renderer'), executablePath, headless: false, permissions: ['clipboard-read', 'clipboard-write'] });
process.stdout.write(`AlphaSwarm Onboarding is open (data folder: ${services.settings.dataDir}). Close the window or press Ctrl+C to quit.\n`);
if (!host.sandboxed) {
  process.stderr.write('Note: running as root, so Chromium runs without its sandbox. Run as an ordinary user to keep the window sandboxed.\n');
}

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await host.close();
  services.close();
  process.exit(0);
};
host.page.on('close', () => void shutdown());
host.browser.on('disconnected', () => void shutdown());
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
