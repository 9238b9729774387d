import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/**
 * A renderer component is one job a reader takes in at once: about a screen of code. Past that it
 * has grown a second job — a hook, a form, a panel — which belongs in its own file with a name that
 * says what it is.
 * The limit leaves room for a component's imports, props type and TSDoc around ~80 lines of it.
 */
const LIMIT = 100;

function componentFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return componentFiles(path);
    return e.name.endsWith('.tsx') ? [path] : [];
  });
}

describe('renderer components stay small', () => {
  const files = componentFiles(join(root, 'renderer'));

  it(`no component file is over ${LIMIT} lines`, () => {
    const over = files
      .map((f) => ({ file: relative(root, f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > LIMIT)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(over, `split these along their seams (a hook, a form, a panel in its own file)`).toEqual([]);
  });

  it('sees the components (the check is not vacuous)', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(files.map((f) => relative(root, f))).toContain(join('renderer', 'pages', 'AuditPage.tsx'));
  });
});
