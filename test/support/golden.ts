import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect } from 'vitest';

const ROOT = resolve('test/fixtures/golden');

/** Every file under a directory, as sorted relative paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Compare files against the reviewed copies in test/fixtures/golden/<name>. `UPDATE_GOLDEN=1`
 * rewrites them instead, so a deliberate change shows up as a reviewable diff in git.
 */
export function expectGolden(name: string, files: readonly { path: string; content: string }[]): void {
  const dir = join(ROOT, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    rmSync(dir, { recursive: true, force: true });
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    return;
  }
  expect(files.map((f) => f.path).sort(), `files of golden ${name}`).toEqual(listFiles(dir));
  for (const f of files) expect(f.content, `${name}/${f.path}`).toBe(readFileSync(join(dir, f.path), 'utf8'));
}
