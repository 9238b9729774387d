// Which @napi-rs/keyring native binding each packaged app needs, and where it must end up.
// npm installs only the binding for the machine it runs on, but one macOS runner packages both
// arm64 and x64 apps: the missing one must be installed first (scripts/install-keyring-bindings.mjs)
// and its presence in each packaged app checked (scripts/check-keyring-bindings.mjs). Without it the
// app still starts, but refuses to store any secret on that architecture.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const BUILDER_OS = { darwin: 'mac', win32: 'win', linux: 'linux' };

/** The npm package holding the binding for one platform and architecture. */
export function keyringBindingPackage(platform, arch) {
  if (platform === 'darwin') return `@napi-rs/keyring-darwin-${arch}`;
  if (platform === 'win32') return `@napi-rs/keyring-win32-${arch}-msvc`;
  if (platform === 'linux') return `@napi-rs/keyring-linux-${arch}-gnu`;
  throw new Error(`No keyring binding is known for platform ${platform}.`);
}

/** The binding's file inside its package, e.g. keyring.darwin-x64.node. */
export function keyringBindingFile(platform, arch) {
  return `keyring.${keyringBindingPackage(platform, arch).slice('@napi-rs/keyring-'.length)}.node`;
}

/** Every architecture electron-builder.yml packages for a platform, in the order it lists them. */
export function packagedArchs(config, platform) {
  const targets = config[BUILDER_OS[platform]]?.target ?? [];
  const archs = [];
  for (const target of targets) for (const arch of target.arch ?? ['x64']) if (!archs.includes(arch)) archs.push(arch);
  return archs;
}

/** What package-lock.json pins for a package: version and the tarball's integrity. */
export function lockedPackage(lock, name) {
  const entry = lock.packages?.[`node_modules/${name}`];
  if (!entry?.version || !entry.integrity) {
    throw new Error(`package-lock.json pins no version of ${name}; run "npm install" on any machine and commit the lockfile.`);
  }
  return { name, version: entry.version, integrity: entry.integrity };
}

/** The bindings this platform's packages need, each with its lock pin and whether it is installed. */
export function keyringBindingsFor(root, config, platform, lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))) {
  return packagedArchs(config, platform).map((arch) => {
    const pinned = lockedPackage(lock, keyringBindingPackage(platform, arch));
    const manifest = join(root, 'node_modules', ...pinned.name.split('/'), 'package.json');
    const installed = existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === pinned.version;
    return { ...pinned, arch, installed };
  });
}
