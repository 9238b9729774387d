import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { APP_ID, DEVELOPMENT_NAME, PRODUCT_NAME, applyAppIdentity } from '../../main/electron/app-identity.js';
import { STARTUP_FAILURE_TITLE } from '../../main/electron/startup-failure.js';
import { type FakeElectron, type FakeElectronOptions, FakeBrowserWindow } from '../support/fake-electron.js';
import { testKeychainService } from '../support/keychain.js';

// The real main/electron/main.ts, composed again for each scenario against the fake `electron`
// module (vitest builds the mock once; `fake.reset` gives each composition a fresh Electron).
const fake: FakeElectron = vi.hoisted(() => ({}) as FakeElectron);
vi.mock('electron', async () => {
  const { createFakeElectron: create } = await import('../support/fake-electron.js');
  Object.assign(fake, create());
  return fake.electron;
});

const scratch = realpathSync.native(mkdtempSync(join(tmpdir(), 'electron-lifecycle-')));
const savedEnv = { ...process.env };
let counter = 0;
const freshDir = (name: string) => join(scratch, `${name}-${++counter}`);

/** Compose main.ts as Electron would start it, and wait until it has opened a window or exited. */
async function launch(options: FakeElectronOptions, env: Record<string, string>) {
  await import('electron'); // builds the mock (once) so it can be reset before main.ts runs
  fake.appEvents.emit('will-quit'); // closes the previous composition's database
  fake.reset(options);
  process.env = { ...savedEnv, ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(), ...env };
  vi.resetModules();
  await import('../../main/electron/main.js');
  await vi.waitFor(() => expect(FakeBrowserWindow.getAllWindows().length > 0 || fake.calls.exitCode !== undefined).toBe(true));
  return fake;
}

afterEach(() => {
  process.env = { ...savedEnv };
});
afterAll(() => {
  fake.appEvents.emit('will-quit');
});

describe('a start-up error ends in an error box and an exit, never an invisible process', () => {
  const expectCleanExit = () => {
    expect(fake.calls.errorBoxes).toHaveLength(1);
    // The lock is released before leaving, so the next launch is not swallowed by this one.
    expect(fake.calls.log.slice(-3)).toEqual(['showErrorBox', 'releaseSingleInstanceLock', 'exit 1']);
    expect(FakeBrowserWindow.getAllWindows()).toEqual([]);
    return fake.calls.errorBoxes[0]!;
  };

  it('a data folder that cannot be created: the box names the cause, the folder and what to do', async () => {
    const file = join(scratch, `not-a-folder-${++counter}`);
    writeFileSync(file, 'a file where a folder should be');
    const dataDir = join(file, 'data');
    await launch({}, { ALPHASWARM_ADMIN_DATA_DIR: dataDir });
    const box = expectCleanExit();
    expect(box.title).toBe(STARTUP_FAILURE_TITLE);
    expect(box.content).toMatch(/^The data folder \S+ cannot be created \((ENOTDIR|ENOENT|EEXIST)\)/);
    expect(box.content).toContain(`Data folder: ${dataDir}`);
    expect(box.content).toMatch(/Point ALPHASWARM_ADMIN_DATA_DIR at a folder you can write to/);
  });

  it('a database written by a newer version: the box says so and that the data was left alone', async () => {
    const dataDir = freshDir('newer');
    mkdirSync(dataDir, { recursive: true });
    const db = new BetterSqlite3(join(dataDir, 'alphaswarm.db'));
    db.pragma('user_version = 999');
    db.close();
    await launch({}, { ALPHASWARM_ADMIN_DATA_DIR: dataDir });
    const box = expectCleanExit();
    expect(box.content).toMatch(/^The database was written by a newer version of this app \(schema 999, this build knows \d+\)/);
    expect(box.content).toContain(`Data folder: ${dataDir}`);
    expect(box.content).toContain('Install the version of AlphaSwarm Onboarding that wrote this data');
  });
});

describe('ALPHASWARM_SQLITE_NATIVE_BINDING', () => {
  /** Not a native module at all: loading it from anywhere would fail. */
  const bogusBinding = () => {
    const path = join(freshDir('binding'), 'evil.node');
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'this is not a native module');
    return path;
  };

  it('a packaged build ignores it and starts with the database module it ships', async () => {
    const binding = bogusBinding();
    await launch({ isPackaged: true }, { ALPHASWARM_ADMIN_DATA_DIR: freshDir('packaged'), ALPHASWARM_SQLITE_NATIVE_BINDING: binding });
    expect(fake.calls.errorBoxes).toEqual([]);
    expect(FakeBrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('under npm start it is honoured (so the test above means something), and its failure is reported', async () => {
    const binding = bogusBinding();
    await launch({ isPackaged: false }, { ALPHASWARM_ADMIN_DATA_DIR: freshDir('dev'), ALPHASWARM_SQLITE_NATIVE_BINDING: binding });
    expect(fake.calls.errorBoxes).toHaveLength(1);
    expect(fake.calls.errorBoxes[0]!.content).toContain('evil.node');
    expect(fake.calls.exitCode).toBe(1);
  });
});

describe('one copy at a time', () => {
  it('the losing second instance exits at once: no ready callback, no database, no window', async () => {
    const dataDir = freshDir('second');
    await launch({ gotLock: false }, { ALPHASWARM_ADMIN_DATA_DIR: dataDir });
    expect(fake.calls.log).toEqual(['requestSingleInstanceLock', 'exit 0']);
    expect(fake.calls.quit).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.calls.log).not.toContain('whenReady');
    expect(FakeBrowserWindow.getAllWindows()).toEqual([]);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a second launch restores the minimised window and focuses it', async () => {
    await launch({}, { ALPHASWARM_ADMIN_DATA_DIR: freshDir('restore') });
    const [win] = FakeBrowserWindow.getAllWindows();
    win!.show();
    win!.minimize();
    fake.appEvents.emit('second-instance', {}, ['alphaswarm-onboarding'], scratch);
    expect(win!.isMinimized()).toBe(false);
    expect(win!.isVisible()).toBe(true);
    expect(win!.focused).toBe(1);
    expect(FakeBrowserWindow.getAllWindows()).toEqual([win]);
  });

  it('a second launch after the window was closed (macOS keeps running) opens a new one', async () => {
    await launch({}, { ALPHASWARM_ADMIN_DATA_DIR: freshDir('reopen') });
    const [first] = FakeBrowserWindow.getAllWindows();
    first!.close();
    fake.appEvents.emit('second-instance', {}, ['alphaswarm-onboarding'], scratch);
    const [second] = FakeBrowserWindow.getAllWindows();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(second!.loadedUrl).toBe('app://renderer/index.html');
  });
});

describe('who the app is to the OS', () => {
  const builder = parse(readFileSync('electron-builder.yml', 'utf8'));
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

  it('its product name and id are the installers\' (macOS menus, Windows shortcuts)', () => {
    expect(pkg.productName).toBe(PRODUCT_NAME);
    expect(builder.productName).toBe(PRODUCT_NAME);
    expect(builder.appId).toBe(APP_ID);
  });

  it('under npm start it takes its own name and userData before the lock, so an installed copy does not block it', async () => {
    await launch({ isPackaged: false }, { ALPHASWARM_ADMIN_DATA_DIR: freshDir('identity') });
    const appData = fake.electron.app.getPath('appData');
    const lockAt = fake.calls.log.indexOf('requestSingleInstanceLock');
    expect(fake.calls.log.indexOf(`setName ${DEVELOPMENT_NAME}`)).toBeGreaterThanOrEqual(0);
    expect(fake.calls.log.indexOf(`setName ${DEVELOPMENT_NAME}`)).toBeLessThan(lockAt);
    expect(fake.calls.log.indexOf(`setPath userData ${join(appData, DEVELOPMENT_NAME)}`)).toBeLessThan(lockAt);
    expect(fake.calls.log.indexOf(`setPath userData ${join(appData, DEVELOPMENT_NAME)}`)).toBeGreaterThanOrEqual(0);
    expect(fake.electron.app.getPath('userData')).not.toBe(join(appData, PRODUCT_NAME));
  });

  it('an installed copy keeps the userData Electron derives from the product name', async () => {
    await launch({ isPackaged: true }, { ALPHASWARM_ADMIN_DATA_DIR: freshDir('installed') });
    expect(fake.calls.log.filter((l) => l.startsWith('setPath') || l.startsWith('setName'))).toEqual([]);
    expect(fake.electron.app.getPath('userData')).toBe(join(fake.electron.app.getPath('appData'), PRODUCT_NAME));
  });

  it('on Windows it sets the AppUserModelID to the installer\'s appId (a distinct one in development)', () => {
    const calls: string[] = [];
    const app = (isPackaged: boolean) => ({
      isPackaged,
      setName: () => {},
      setPath: () => {},
      getPath: () => scratch,
      setAppUserModelId: (id: string) => void calls.push(id),
    });
    applyAppIdentity(app(true), 'win32');
    applyAppIdentity(app(false), 'win32');
    applyAppIdentity(app(true), 'darwin');
    applyAppIdentity(app(true), 'linux');
    expect(calls).toEqual([builder.appId, `${builder.appId}.development`]);
  });
});
