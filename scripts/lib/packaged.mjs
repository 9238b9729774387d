// Where electron-builder leaves the unpacked app on each platform, and what its fuses must be.
// Plain JavaScript: the release job runs these scripts on macOS, Windows and Linux without tsx.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..', '..');

export function builderConfig() {
  return parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
}

/** electron-builder's `electronFuses` keys, in @electron/fuses' wire order (FuseV1Options). */
export const FUSE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
];

/**
 * `electronFuses` keys that tell @electron/fuses how to flip, not which way: they are not in the
 * binary's fuse wire. resetAdHocDarwinSignature re-signs an unsigned macOS app ad hoc after the
 * flip, without which Apple Silicon refuses to launch it (the flip breaks the original signature).
 */
export const FUSE_FLIP_OPTIONS = ['resetAdHocDarwinSignature'];

/** The configured fuses alone, without the flip options. */
export function configuredFuses(electronFuses) {
  return Object.fromEntries(Object.entries(electronFuses ?? {}).filter(([name]) => !FUSE_FLIP_OPTIONS.includes(name)));
}

const ENABLE = 49; // '1'
const DISABLE = 48; // '0'

/** Differences between a fuse wire read from a binary and the configured fuses. */
export function fuseMismatches(wire, expected) {
  const problems = [];
  for (const [name, want] of Object.entries(configuredFuses(expected))) {
    const index = FUSE_ORDER.indexOf(name);
    if (index < 0) {
      problems.push(`${name}: not a fuse this check knows`);
      continue;
    }
    const state = wire[index];
    const actual = state === ENABLE ? true : state === DISABLE ? false : undefined;
    if (actual !== want) problems.push(`${name}: expected ${want ? 'on' : 'off'}, binary has ${actual === undefined ? `state ${state}` : actual ? 'on' : 'off'}`);
  }
  return problems;
}

/** The architecture electron-builder names an unpacked folder after: mac-arm64, linux-unpacked (x64)… */
export function archOfOutputFolder(name) {
  const arch = /^(?:mac|win|linux)-(?!unpacked$)([a-z0-9]+)/.exec(name)?.[1];
  return arch ?? 'x64';
}

/**
 * The unpacked apps under an electron-builder output folder: `{ fusePath, executable, resources,
 * arch }` where `fusePath` is what @electron/fuses reads (the .app bundle on macOS), `executable`
 * is what Playwright launches and `resources` holds app.asar and app.asar.unpacked.
 */
export function findPackagedApps(outputDir, platform = process.platform, config = builderConfig()) {
  if (!existsSync(outputDir)) return [];
  const product = config.productName;
  const apps = [];
  for (const entry of readdirSync(outputDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(outputDir, entry.name);
    if (platform === 'darwin' && /^mac/.test(entry.name)) {
      const bundle = join(dir, `${product}.app`);
      if (existsSync(bundle)) apps.push({ fusePath: bundle, executable: join(bundle, 'Contents', 'MacOS', product), resources: join(bundle, 'Contents', 'Resources'), arch: archOfOutputFolder(entry.name) });
    } else if (platform === 'win32' && /^win-.*unpacked$/.test(entry.name)) {
      const exe = join(dir, `${product}.exe`);
      if (existsSync(exe)) apps.push({ fusePath: exe, executable: exe, resources: join(dir, 'resources'), arch: archOfOutputFolder(entry.name) });
    } else if (platform === 'linux' && /^linux-.*unpacked$/.test(entry.name)) {
      const exe = join(dir, config.linux?.executableName ?? config.executableName ?? 'alphaswarm-onboarding');
      if (existsSync(exe)) apps.push({ fusePath: exe, executable: exe, resources: join(dir, 'resources'), arch: archOfOutputFolder(entry.name) });
    }
  }
  return apps;
}

/**
 * The packaged apps a check script is pointed at by its arguments, `[OUTPUT_DIR] [--platform P]`
 * (default `release/` and this platform). With none there, says how to make them and exits 1.
 */
export function packagedAppsFromArgs(argv, config = builderConfig()) {
  const args = [...argv];
  const platformAt = args.indexOf('--platform');
  const platform = platformAt >= 0 ? args.splice(platformAt, 2)[1] : process.platform;
  const outputDir = resolve(args[0] ?? 'release');
  const apps = findPackagedApps(outputDir, platform, config);
  if (apps.length === 0) {
    console.error(`✗ no packaged app for ${platform} under ${outputDir}; run "npm run dist" first.`);
    process.exit(1);
  }
  return { platform, apps };
}
