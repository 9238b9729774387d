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
      const { audit } = session.services;
      const verification = audit.verify();
      const lines: string[] = [];
      for (const row of audit.all()) lines.push(JSON.stringify({ type: 'row', ...row }));
      lines.push(JSON.stringify({ type: 'head', rowCount: verification.rowCount, head: verification.head, verifiedThrough: verification.verifiedThrough, ok: verification.ok }));
      const text = `${lines.join('\n')}\n`;
      const out = str(ctx, 'out');
      if (out === undefined) ctx.io.out(text);
      else {
        writeFileAtomic(resolve(out), text, 0o600);
        ctx.io.err(`Wrote ${verification.rowCount} rows to ${resolve(out)} (head ${verification.head}).\n`);
      }
      return EXIT.ok;
    }
    throw new CliUsageError('Use "audit verify" or "audit export".');
  },
};
