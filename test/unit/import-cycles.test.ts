import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles } from '../support/import-graph.js';

const root = join(import.meta.dirname, '..', '..');

describe('no import cycles in the product code', () => {
  it('no two modules of main, the renderer, the preload or shared import each other, directly or around a loop', () => {
    expect(importCycles(root, ['main', 'shared', 'renderer', 'preload'])).toEqual([]);
  });

  it('finds a planted loop, type-only imports included (the check is not vacuous)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-cycle-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import type { C } from './c.js';\nexport const a: C = 'a';\n");
      writeFileSync(join(dir, 'b.tsx'), "import { a } from './a.js';\nexport const b = a;\n");
      writeFileSync(join(dir, 'c.ts'), "export { b } from './b.js';\nexport type C = string;\n");
      // Outside the loop: imports into it, nothing imports it back.
      writeFileSync(join(dir, 'd.ts'), "import { b } from './c.js';\nexport const d = b;\n");
      expect(importCycles(dir, ['.'])).toEqual([['a.ts', 'b.tsx', 'c.ts']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
