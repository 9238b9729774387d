import { resolve } from 'node:path';
import type { AuditVerification } from '../../../shared/domain/audit.js';
import { writeFileAtomic } from '../../platform/atomic-write.js';
import { CliUsageError, EXIT, printJson } from '../output.js';
import { type Command, str } from './types.js';

export const auditCommand: Command = {
  name: 'audit',
  usage: 'audit verify [--json] | audit export [--out FILE]',
  summary: 'Check the audit hash chain, or export it as JSON Lines with its head.',
  options: { out: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run(ctx) {
    const [sub, extra] = ctx.positionals;
    if (extra !== undefined) throw new CliUsageError(`Unexpected argument "${extra}".`);
    const session = ctx.session();
    if (sub === 'verify') {
      const v = await session.value<AuditVerification>('audit:verify', {});
      if (ctx.json) printJson(ctx.io, v);
      else if (v.ok) ctx.io.out(`✓ audit chain verified through row ${v.verifiedThrough} of ${v.rowCount} (head ${v.head})\n`);
      else ctx.io.out(`✗ audit chain broken at row ${v.firstBad?.seq}: ${v.firstBad?.reason}\n  verified through row ${v.verifiedThrough}\n`);
      // A broken chain is bad data on this device, not a cloud refusal.
      return v.ok ? EXIT.ok : EXIT.badInput;
    }
    if (sub === 'export') {
      const exported = await session.value<{ jsonl: string; rowCount: number; head: string }>('audit:export', {});
      const out = str(ctx, 'out');
      if (out === undefined) ctx.io.out(exported.jsonl);
      else {
        writeFileAtomic(resolve(out), exported.jsonl, 0o600);
        ctx.io.err(`Wrote ${exported.rowCount} rows to ${resolve(out)} (head ${exported.head}).\n`);
      }
      return EXIT.ok;
    }
    throw new CliUsageError('Use "audit verify" or "audit export".');
  },
};
