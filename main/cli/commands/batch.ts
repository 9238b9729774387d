import { resolve } from 'node:path';
import { CLOUD_KINDS, type CloudKind } from '../../../shared/domain/cloud.js';
import { parseOrgList } from '../../packs/org-list.js';
import { writeOrgPack } from '../../packs/write-pack.js';
import { readInputFile } from '../input-file.js';
import { CliUsageError, EXIT, printJson } from '../output.js';
import { type Command, str } from './types.js';
import { safe } from '../terminal.js';

/** 20,000 org ids of 64 characters with a CSV row each fit in 4 MB; a larger input is not an org list. */
const MAX_ORG_LIST_BYTES = 4 * 1024 * 1024;

export const batchBootstrapCommand: Command = {
  name: 'batch-bootstrap',
  usage: 'batch-bootstrap --orgs FILE [--clouds aws,azure,gcp,cloudflare] --out DIR [--json]',
  summary: 'Offline: a folder per org with every artifact, a README for its admin and a SHA-256 manifest.',
  options: { orgs: { type: 'string' }, clouds: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false } },
  // eslint-disable-next-line @typescript-eslint/require-await -- offline and synchronous, but every command's run is async
  async run(ctx) {
    const orgsFile = str(ctx, 'orgs');
    const out = str(ctx, 'out');
    if (!orgsFile) throw new CliUsageError('Missing --orgs FILE (a CSV with an org_id column, or one org id per line).');
    if (!out) throw new CliUsageError('Missing --out DIR.');
    const clouds = (str(ctx, 'clouds') ?? CLOUD_KINDS.join(','))
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const unknown = clouds.filter((c) => !(CLOUD_KINDS as readonly string[]).includes(c));
    if (unknown.length || clouds.length === 0) throw new CliUsageError(`--clouds takes ${CLOUD_KINDS.join(',')} (unknown: ${unknown.join(', ') || 'none given'}).`);
    const { orgIds, problems } = parseOrgList(readInputFile(orgsFile, 'org list', MAX_ORG_LIST_BYTES));
    const packs = ctx.session().services.packs;
    const skippedByCloud = new Map<CloudKind, { reason: string; count: number }>();
    const written: string[] = [];
    for (const orgId of orgIds) {
      const pack = packs.build(orgId, [...new Set(clouds)] as CloudKind[]);
      for (const s of pack.skipped) skippedByCloud.set(s.cloud, { reason: s.reason, count: (skippedByCloud.get(s.cloud)?.count ?? 0) + 1 });
      written.push(writeOrgPack(out, pack));
    }
    const skipped = [...skippedByCloud].map(([cloud, s]) => ({ cloud, orgs: s.count, reason: s.reason }));
    if (ctx.json) printJson(ctx.io, { out: resolve(out), written: written.length, badRows: problems, skipped });
    else {
      ctx.io.out(safe`✓ wrote ${written.length} org pack${written.length === 1 ? '' : 's'} to ${resolve(out)}\n`);
      for (const p of problems) ctx.io.err(safe`! line ${p.line}: "${p.value}" skipped — ${p.problem}\n`);
      for (const s of skipped) ctx.io.err(safe`! ${s.cloud} left out of ${s.orgs} pack${s.orgs === 1 ? '' : 's'}: ${s.reason}\n`);
    }
    return problems.length || skipped.length ? EXIT.badInput : EXIT.ok;
  },
};
