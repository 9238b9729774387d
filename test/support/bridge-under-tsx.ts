// The Chromium fallback as `npm start` runs it — through tsx, which transpiles on the fly — opening
// the built window and reporting whether the page got its bridge and the Organisations list.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServices } from '../../main/app/services.js';
import { findChromium } from '../../main/browser-host/chromium.js';
import { openBrowserHost } from '../../main/browser-host/host.js';
import { MemoryKeyVault } from '../../main/credentials/keychain.js';
import { silentLogger } from '../../main/platform/logger.js';

const services = await createServices({ env: { ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'bridge-tsx-')) }, surface: 'app', keyVault: new MemoryKeyVault(), logger: silentLogger });
const host = await openBrowserHost(services, { rendererDir: resolve('out/renderer'), executablePath: findChromium(process.env)!, headless: true });
const errors: string[] = [];
host.page.on('pageerror', (e) => errors.push(e.message));
await host.page.reload();
await host.page.getByTestId('org-list').waitFor({ timeout: 15_000 }).catch(() => undefined);
const bridge = await host.page.evaluate(() => typeof (window as unknown as { alphaswarm?: { orgs?: { list?: unknown } } }).alphaswarm?.orgs?.list);
const listed = await host.page.getByTestId('org-list').count();
process.stdout.write(`${JSON.stringify({ bridge, listed, errors })}\n`);
await host.close();
services.close();
