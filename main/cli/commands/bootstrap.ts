import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../platform/atomic-write.js';
import { EXIT, printJson } from '../output.js';
import { BOOTSTRAP_FLAGS, BOOTSTRAP_USAGE, bootstrapExtras, cloudArg, requireOrg } from './cloud-target.js';
import { type Command, str } from './types.js';
import { safe } from '../terminal.js';

export const bootstrapCommand: Command = {
  name: 'bootstrap',
  usage: `bootstrap <cloud> --org <id> ${BOOTSTRAP_USAGE} [--json] [--out DIR]`,
  summary: 'Step 2, offline: print (or write to DIR) every artifact the customer admin needs.',
  cloudFlags: 'bootstrap',
  options: { org: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false }, ...BOOTSTRAP_FLAGS },
  async run(ctx) {
    const cloud = cloudArg(ctx);
    const orgId = requireOrg(ctx);
    const value = await ctx.session().value(ctx.clouds.steps.bootstrap, { cloud, orgId, ...bootstrapExtras(ctx, cloud) });
    const out = str(ctx, 'out');
    const written: string[] = [];
    if (out !== undefined) {
      const dir = resolve(out);
      for (const a of value.artifacts) {
        const path = join(dir, a.filename);
        writeFileAtomic(path, a.content);
        written.push(path);
      }
    }
    if (ctx.json) {
      printJson(ctx.io, out === undefined ? value : { ...value, written });
      return EXIT.ok;
    }
    const { io } = ctx;
    io.out(safe`Bootstrap for ${cloud} — org ${orgId}\n`);
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && !['cloud', 'orgId'].includes(k)) io.out(safe`  ${k}: ${v}\n`);
    }
    for (const note of value.notes) io.out(safe`  ${note.level === 'warning' ? '!' : '·'} ${note.text}\n`);
    if (out !== undefined) {
      io.out(safe`\nWrote ${written.length} files to ${resolve(out)}:\n`);
      for (const p of written) io.out(safe`  ${p}\n`);
      return EXIT.ok;
    }
    for (const a of value.artifacts) {
      io.out(`\n── ${a.title} (${a.filename}) ──\n${a.description}\n\n${a.content.endsWith('\n') ? a.content : `${a.content}\n`}`);
    }
    return EXIT.ok;
  },
};
