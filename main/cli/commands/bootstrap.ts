import * as cloudContracts from '../../../shared/ipc/cloud-onboarding.js';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../platform/atomic-write.js';
import { CliUsageError, EXIT, printJson } from '../output.js';
import { BOOTSTRAP_FLAGS, BOOTSTRAP_USAGE, bootstrapExtras, cloudArg, requireOrg } from './cloud-target.js';
import { checked } from './checked-input.js';
import { type Command, type CommandContext, str } from './types.js';
import { safe } from '../terminal.js';
import { readInputFile } from '../input-file.js';
import type { z } from 'zod';

type BootstrapValue = z.output<typeof cloudContracts.bootstrapOutput>;

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
    return showArtifacts(ctx, `Bootstrap for ${cloud} — org ${orgId}`, value, {});
  },
};

export const raiseTierCommand: Command = {
  name: 'raise-tier',
  usage: 'raise-tier aws|azure|gcp --org <id> --tier standard|security-audit [--account <id>] [--json] [--out DIR]',
  summary: "Offline: only what a higher permission tier adds to a saved connection, as artifacts (audited). Then connect again with --tier.",
  options: { org: { type: 'string' }, account: { type: 'string' }, tier: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run(ctx) {
    const cloud = cloudArg(ctx, cloudContracts.TIERED_CLOUDS);
    const orgId = requireOrg(ctx);
    const tier = str(ctx, 'tier');
    if (tier === undefined) throw new CliUsageError('Missing --tier standard|security-audit (the tier to raise the connection to).');
    const account = str(ctx, 'account');
    const input = checked(cloudContracts.raiseTier.input, { cloud, orgId, tier, ...(account !== undefined ? { account } : {}) });
    const raised = await ctx.session().value(cloudContracts.raiseTier, input);
    return showArtifacts(ctx, `Raise ${cloud} ${raised.account} (org ${orgId}) from ${raised.from} to ${raised.to}`, raised.bootstrap, { account: raised.account, from: raised.from, to: raised.to });
  },
};

/** Print a step-2 answer (or write its artifacts to --out), as text or JSON with `extra` fields first. */
function showArtifacts(ctx: CommandContext, heading: string, value: BootstrapValue, extra: Record<string, string>): number {
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
    const shown = Object.keys(extra).length ? { ...extra, bootstrap: value } : value;
    printJson(ctx.io, out === undefined ? shown : { ...shown, written });
    return EXIT.ok;
  }
  const { io } = ctx;
  io.out(safe`${heading}\n`);
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
}

export const explainErrorCommand: Command = {
  name: 'explain-error',
  usage: 'explain-error aws|azure|gcp [--file FILE] [--json]   (or the error text on standard input)',
  summary: "Offline: name a refusal the customer's admin got applying step 2 (org policy, VPC-SC, Azure Policy, SCP) and who can fix it.",
  options: { file: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run(ctx) {
    const cloud = cloudArg(ctx, cloudContracts.TIERED_CLOUDS);
    const file = str(ctx, 'file');
    const text = file !== undefined ? readInputFile(file, 'error text', 64 * 1024) : await ctx.io.readStdin();
    const input = checked(cloudContracts.explainError.input, { cloud, text });
    const e = await ctx.session().value(cloudContracts.explainError, input);
    if (ctx.json) {
      printJson(ctx.io, e);
      return EXIT.ok;
    }
    ctx.io.out(safe`${e.recognised ? 'Recognised' : 'Not recognised'}: ${e.kind}${e.policy ? ` (${e.policy})` : ''}\n  ${e.cause}\n  ${e.fix}\n`);
    return EXIT.ok;
  },
};
