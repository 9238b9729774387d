import * as auditContracts from '../../../shared/ipc/audit.js';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../platform/atomic-write.js';
import { CliUsageError, EXIT, printJson, unexpectedArgument } from '../output.js';
import { type Command, str } from './types.js';
import { safe } from '../terminal.js';

export const auditCommand: Command = {
  name: 'audit',
  usage: 'audit list [--org ID] [--cloud C] [--step S] [--outcome O] [--limit N] [--json] | audit verify [--json] | audit export [--out FILE]',
  summary: 'Read the audit trail, check its hash chain, or export it as JSON Lines with its head.',
  options: {
    out: { type: 'string' },
    org: { type: 'string' },
    cloud: { type: 'string' },
    step: { type: 'string' },
    outcome: { type: 'string' },
    limit: { type: 'string', default: '50' },
    json: { type: 'boolean', default: false },
  },
  async run(ctx) {
    const [sub, extra] = ctx.positionals;
    if (extra !== undefined) throw unexpectedArgument(2);
    const session = ctx.session();
    if (sub === 'list') {
      const limit = str(ctx, 'limit')!;
      if (!/^\d+$/.test(limit)) throw new CliUsageError('--limit takes a whole number.');
      // The channel's schema validates every filter; a bad value is reported with its field.
      const filter = { orgId: str(ctx, 'org'), cloud: str(ctx, 'cloud'), step: str(ctx, 'step'), outcome: str(ctx, 'outcome'), limit: Number(limit) };
      const page = await session.value(auditContracts.list, Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)));
      if (ctx.json) printJson(ctx.io, page);
      else {
        for (const r of page.rows) {
          ctx.io.out(safe`${String(r.seq).padStart(6)}  ${r.ts}  ${r.outcome.padEnd(11)} ${r.step.padEnd(15)} ${(r.orgId ?? '-').padEnd(20)} ${(r.cloud ?? '-').padEnd(10)} ${r.actor}\n`);
        }
        ctx.io.out(safe`${page.rows.length} of ${page.total} matching rows, newest first\n`);
      }
      return EXIT.ok;
    }
    if (sub === 'verify') {
      const v = await session.value(auditContracts.verify, {});
      if (ctx.json) printJson(ctx.io, v);
      else {
        const cp = v.anchor.checkpoint;
        if (v.firstBad) ctx.io.out(safe`✗ audit chain broken at row ${v.firstBad.seq}: ${v.firstBad.reason}\n  verified through row ${v.verifiedThrough}\n`);
        else ctx.io.out(safe`${v.ok ? '✓' : v.anchor.uncheckable && v.anchor.findings.length === 0 ? '?' : '✗'} audit chain verified through row ${v.verifiedThrough} of ${v.rowCount} (head ${v.head})\n`);
        for (const f of v.anchor.findings) ctx.io.out(safe`✗ ${f}\n`);
        if (v.anchor.uncheckable) ctx.io.out(safe`? cannot be checked: ${v.anchor.uncheckable}\n`);
        ctx.io.out(
          cp
            ? `  anchored by signed checkpoint ${cp.n} (${cp.time}): ${cp.rowCount} rows up to row ${cp.lastSeq}; ${v.anchor.unanchoredRows} row${v.anchor.unanchoredRows === 1 ? '' : 's'} since, protected by the chain only\n`
            : '  no signed checkpoint yet: only the chain protects the log\n',
        );
      }
      // A broken chain is bad data on this device, not a cloud refusal.
      return v.ok ? EXIT.ok : EXIT.badInput;
    }
    if (sub === 'export') {
      const exported = await session.value(auditContracts.exportLog, {});
      const out = str(ctx, 'out');
      if (out === undefined) ctx.io.out(exported.jsonl);
      else {
        writeFileAtomic(resolve(out), exported.jsonl, 0o600);
        ctx.io.err(safe`Wrote ${exported.rowCount} rows to ${resolve(out)} (head ${exported.head}).\n`);
      }
      return EXIT.ok;
    }
    throw new CliUsageError('Use "audit list", "audit verify" or "audit export".');
  },
};
