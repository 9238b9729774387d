import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { OrgPack } from './org-pack.js';

/**
 * Write an org's pack as `<dir>/<org_id>/…`: into a hidden sibling first, then renamed into place,
 * so a reader never sees half a pack and an older pack is replaced whole (it is moved aside, not
 * deleted, until the new one is in place).
 */
export function writeOrgPack(dir: string, pack: OrgPack): string {
  const root = resolve(dir);
  const final = join(root, pack.orgId);
  const tag = randomBytes(4).toString('hex');
  const staging = join(root, `.${pack.orgId}.${tag}.partial`);
  const made = new Set<string>();
  try {
    for (const f of pack.files) {
      const path = join(staging, f.path);
      const parent = dirname(path);
      if (!made.has(parent)) {
        mkdirSync(parent, { recursive: true });
        made.add(parent);
      }
      writeFileSync(path, f.content);
    }
    if (existsSync(final)) {
      const old = join(root, `.${pack.orgId}.${tag}.old`);
      renameSync(final, old);
      renameSync(staging, final);
      rmSync(old, { recursive: true, force: true });
    } else renameSync(staging, final);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return final;
}
