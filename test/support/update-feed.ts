import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { type Server, createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CancellationToken, type DownloadOptions, HttpExecutor, configureRequestOptions, configureRequestUrl } from 'builder-util-runtime';
import { AppImageUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import type { Updater } from '../../main/update/update-service.js';

// A generic update feed over HTTPS, as electron-builder publishes one (latest*.yml next to the
// files), and a real electron-updater AppImageUpdater reading it under Node: the same provider,
// version comparison, download and sha512 check the app runs, with Node's https in place of
// Electron's net module (the only Electron-bound piece).

const FIXTURES = 'test/fixtures/update';
export const FEED_CA = readFileSync(join(FIXTURES, 'feed-cert.pem'), 'utf8');
export const V020_FILE = 'alphaswarm-onboarding-0.2.0-linux-x86_64.AppImage';
export const fixture = (name: string) => readFileSync(join(FIXTURES, name));

export interface UpdateFeed {
  /** The feed's base URL, as ALPHASWARM_ADMIN_UPDATE_URL takes it. */
  readonly url: string;
  /** Paths asked for, in order. */
  readonly requests: string[];
  /** Replace what a channel file or a download answers (a tampered feed). */
  set(path: string, body: Buffer | string): void;
  close(): Promise<void>;
}

/**
 * Serves `/onboarding/<file>`. `latest.yml` / `beta.yml` answer every platform's name for them
 * (latest.yml on Windows, latest-mac.yml, latest-linux.yml), as electron-builder publishes one per OS.
 */
export async function startUpdateFeed(files: Record<string, Buffer | string>): Promise<UpdateFeed> {
  const content = new Map(Object.entries(files));
  const requests: string[] = [];
  const server: Server = createServer({ key: fixture('feed-key.pem'), cert: FEED_CA }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://feed').pathname;
    requests.push(path);
    const name = path.replace(/^\/onboarding\//, '').replace(/^(latest|beta)(?:-mac|-linux(?:-arm64)?)?\.yml$/, '$1.yml');
    const body = path.startsWith('/onboarding/') ? content.get(name) : undefined;
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': name.endsWith('.yml') ? 'text/yaml' : 'application/octet-stream', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/onboarding/`,
    requests,
    set: (path, body) => void content.set(path, body),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Node's https with the feed's own CA trusted, standing in for Electron's net module. */
class NodeHttpsExecutor extends HttpExecutor<ClientRequest> {
  constructor(private readonly ca: string) {
    super();
  }

  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    return request({ ...options, ca: this.ca }, callback);
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    const token: CancellationToken = options.cancellationToken;
    return token.createPromise((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, { destination, options, onCancel, callback: (e) => (e == null ? resolve(destination) : reject(e)), responseHandler: null }, 0);
    });
  }
}

export interface NodeUpdater {
  readonly updater: Updater;
  /** Where a verified download lands (electron-updater's pending folder). */
  readonly cacheDir: string;
  readonly quits: string[];
}

/** A real AppImageUpdater for an app at `version`, with Node's https and a temp cache. */
export function nodeUpdater(version: string): NodeUpdater {
  const root = mkdtempSync(join(tmpdir(), 'updater-'));
  const cacheDir = join(root, 'cache');
  mkdirSync(cacheDir, { recursive: true });
  // What electron-builder writes into resources/ when publish is configured.
  const appUpdateConfig = join(root, 'app-update.yml');
  writeFileSync(appUpdateConfig, 'provider: generic\nurl: https://updates.alpha-swarm.ai/onboarding/\nupdaterCacheDirName: alphaswarm-onboarding-updater\n');
  // The running AppImage: electron-updater replaces this file on install.
  const appImage = join(root, 'AlphaSwarm_Onboarding.AppImage');
  writeFileSync(appImage, 'the running version');
  process.env.APPIMAGE = appImage;
  const quits: string[] = [];
  const app: AppAdapter = {
    version,
    name: 'AlphaSwarm Onboarding',
    isPackaged: true,
    appUpdateConfigPath: appUpdateConfig,
    userDataPath: join(root, 'user-data'),
    baseCachePath: cacheDir,
    whenReady: () => Promise.resolve(),
    relaunch: () => void quits.push('relaunch'),
    quit: () => void quits.push('quit'),
    onQuit: () => undefined,
  };
  const updater = new AppImageUpdater(null, app);
  Object.assign(updater, { httpExecutor: new NodeHttpsExecutor(FEED_CA) });
  updater.logger = null;
  // The running file is a stand-in, not an AppImage with a block map: download whole files.
  updater.disableDifferentialDownload = true;
  // Installing replaces the running AppImage and restarts: recorded, not done.
  Object.assign(updater, { quitAndInstall: (silent?: boolean, forceRun?: boolean) => void quits.push(`quitAndInstall(${String(silent)}, ${String(forceRun)})`) });
  return { updater, cacheDir, quits };
}
