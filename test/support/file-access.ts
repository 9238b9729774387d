import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { expect } from 'vitest';

// "Only the user can read this" means a mode on POSIX and an ACL on Windows, where Node's chmod only
// toggles the read-only bit and stat reports 0o666 whatever was asked. On Windows the files live
// under the user's profile, whose inherited ACL grants the user, SYSTEM and Administrators; what
// must never appear is a grant to a group every local account belongs to.

/** Principals in `icacls` output that would let other local users in. */
const BROAD = /^(?:Everyone|BUILTIN\\Users|NT AUTHORITY\\Authenticated Users|NT AUTHORITY\\INTERACTIVE|\\?Guests|BUILTIN\\Guests|CREATOR OWNER|.*\\Domain Users)$/i;

/** `principal:(flags)` grants from `icacls PATH` output (the path prefixes the first one). */
export function icaclsGrants(output: string, path: string): { principal: string; rights: string }[] {
  const grants: { principal: string; rights: string }[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.startsWith(path) ? raw.slice(path.length) : raw;
    const m = /^\s*(.+?):((?:\([A-Z,]+\))+)\s*$/.exec(line);
    if (m) grants.push({ principal: m[1]!.trim(), rights: m[2]! });
  }
  return grants;
}

/** Grants in `icacls` output to principals beyond the user, SYSTEM and Administrators. */
export function broadGrants(output: string, path: string): string[] {
  return icaclsGrants(output, path)
    .filter((g) => BROAD.test(g.principal))
    .map((g) => `${g.principal}:${g.rights}`);
}

/** Asserts a file or folder is the user's alone: `mode` on POSIX, no broad ACL grant on Windows. */
export function expectOwnerOnly(path: string, mode: number, platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'win32') {
    expect([path, statSync(path).mode & 0o777]).toEqual([path, mode]);
    return;
  }
  const r = spawnSync('icacls', [path], { encoding: 'utf8' });
  expect(r.status, `icacls ${path}: ${r.stderr}`).toBe(0);
  expect(icaclsGrants(r.stdout, path).length, `icacls listed no grant for ${path}`).toBeGreaterThan(0);
  expect([path, broadGrants(r.stdout, path)]).toEqual([path, []]);
}
