#!/usr/bin/env node
// `npm run check:adding-a-cloud`: does the compiler point at exactly what docs/adding-a-cloud.md
// says a new cloud needs? Copies the tracked tree to a temporary folder, adds a probe cloud (its
// descriptor and its contract, steps 1–2 of the doc), type-checks the three projects and compares
// the files the compiler stops in with the doc's table. Exit 1 when they differ, either way.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const copy = mkdtempSync(join(tmpdir(), 'alphaswarm-new-cloud-'));
try {
  for (const file of execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(root, file), join(copy, file));
  }
  // The packages, but not node_modules/.cache: the type-check below must build this copy's own
  // declarations, never read the ones tsc -b left there from the tree without the probe cloud.
  mkdirSync(join(copy, 'node_modules'));
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry !== '.cache') symlinkSync(join(root, 'node_modules', entry), join(copy, 'node_modules', entry));
  }

  writeFileSync(
    join(copy, 'shared/clouds/probe.ts'),
    `import { defineCloud } from './descriptor.js';
export const probeCloud = defineCloud({
  kind: 'probe', label: 'Probe', authMethod: 'A test of the structure', qualifier: 'tenancy', noun: 'probe tenancy',
  secret: null, connectMany: false, settings: [],
  cli: { target: [{ flag: 'tenancy-id', field: 'tenancyId', type: 'string', value: '<id>', missing: 'Missing --tenancy-id <id>.' }], bootstrap: [] },
});
`,
  );
  writeFileSync(
    join(copy, 'shared/ipc/clouds/probe.ts'),
    `import { z } from 'zod';
import { probeCloud } from '../../clouds/probe.js';
import { orgIdSchema } from '../schemas.js';
import { bootstrapOutputBase, permissionsOutputBase } from './common.js';
const cloud = z.literal('probe');
export const probeContract = {
  descriptor: probeCloud,
  bootstrapInput: z.strictObject({ cloud, orgId: orgIdSchema }),
  bootstrapOutput: z.strictObject({ cloud, ...bootstrapOutputBase }),
  targetInput: z.strictObject({ cloud, orgId: orgIdSchema, tenancyId: z.string() }),
  identityOutput: z.strictObject({ cloud, tenancyId: z.string() }),
  permissionsOutput: z.strictObject({ cloud, ...permissionsOutputBase }),
  enumerateOutput: z.strictObject({ cloud, items: z.array(z.string()) }),
  many: null,
} as const;
`,
  );
  const edit = (file, from, to) => {
    const path = join(copy, file);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(from)) throw new Error(`${file} no longer has: ${from}`);
    writeFileSync(path, text.replace(from, to));
  };
  edit('shared/clouds/index.ts', "import { gcpCloud } from './gcp.js';", "import { gcpCloud } from './gcp.js';\nimport { probeCloud } from './probe.js';");
  edit('shared/clouds/index.ts', 'cloudflareCloud] as const;', 'cloudflareCloud, probeCloud] as const;');
  edit('shared/ipc/clouds/index.ts', "import { gcpContract } from './gcp.js';", "import { gcpContract } from './gcp.js';\nimport { probeContract } from './probe.js';");
  edit('shared/ipc/clouds/index.ts', '  cloudflare: cloudflareContract,\n', '  cloudflare: cloudflareContract,\n  probe: probeContract,\n');

  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const stopped = new Set();
  // All four projects, as `npm test` builds them (each goes on past its dependencies' errors).
  const r = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.json'], { cwd: copy, encoding: 'utf8' });
  for (const m of r.stdout.matchAll(/^([^\s(][^(]*)\(\d+,\d+\): error/gm)) stopped.add(m[1]);
  const doc = readFileSync(join(root, 'docs', 'adding-a-cloud.md'), 'utf8');
  const table = doc.slice(doc.indexOf('## 3.'), doc.indexOf('## 4.'));
  const listed = new Set([...table.matchAll(/^\| `([^`]+)`/gm)].map((m) => m[1]));
  const unlisted = [...stopped].filter((f) => !listed.has(f)).sort();
  const silent = [...listed].filter((f) => !stopped.has(f)).sort();
  if (unlisted.length || silent.length) {
    if (unlisted.length) console.error(`The compiler stops in files docs/adding-a-cloud.md does not list:\n  ${unlisted.join('\n  ')}`);
    if (silent.length) console.error(`docs/adding-a-cloud.md lists files the compiler does not point at:\n  ${silent.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`A new cloud: the compiler points at exactly the ${listed.size} files docs/adding-a-cloud.md lists.`);
} finally {
  rmSync(copy, { recursive: true, force: true });
}
