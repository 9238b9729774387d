import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OrgPack } from './org-pack.js';

/**
 * Write an org's pack as `<dir>/<org_id>/…`: into a hidden sibling first, then renamed into place,
 * so a reader never sees half a pack and an older pack is replaced whole (it is moved aside, not
 * deleted, until the new one is in place).
 */
export function writeOrgPack(dir: string, pack: OrgPack): string {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const final = join(root, pack.orgId);
  const tag = randomBytes(4).toString('hex');
  const staging = join(root, `.${pack.orgId}.${tag}.partial`);
  try {
    mkdirSync(staging);
    // Pack paths are `file` or `cloud/file`: one plain mkdir per cloud folder, no recursive stat walk.
    const made = new Set<string>();
    for (const f of pack.files) {
      const slash = f.path.indexOf('/');
      if (slash > 0) {
        const sub = f.path.slice(0, slash);
        if (!made.has(sub)) {
          mkdirSync(join(staging, sub));
          made.add(sub);
        }
      }
      writeFileSync(join(staging, f.path), f.content);
    }
    try {
      renameSync(staging, final);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw error;
      // An older pack is there: move it aside, put the new one in place, then drop the old.
      const old = join(root, `.${pack.orgId}.${tag}.old`);
      renameSync(final, old);
      renameSync(staging, final);
      rmSync(old, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return final;
}
