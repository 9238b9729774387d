import * as health from '../../../shared/ipc/health.js';
import { CLOUD_KINDS } from '../../../shared/domain/cloud.js';
import { FINDING_KIND_LABELS, type HealthDiff, type HealthRunRecord } from '../../../shared/domain/health-history.js';
import type { RecheckDue } from '../../../shared/ipc/health.js';
import { CliUsageError, EXIT, printJson } from '../output.js';
import { checked } from './checked-input.js';
import { type CommandContext, str } from './types.js';
import { safe } from '../terminal.js';

const MARK: Readonly<Record<string, string>> = { connected: '✓', needs_attention: '!', rotated_key: '!', expiring: '!' };

/** `--connection`: `<cloud>:<account>` or just the account, subscription, project or Cloudflare account id. */
function connectionFilter(value: string | undefined): { cloud?: string; account?: string } {
  if (value === undefined) return {};
  const [head, ...rest] = value.split(':');
  if (rest.length && (CLOUD_KINDS as readonly string[]).includes(head!)) return { cloud: head!, account: rest.join(':') };
  return { account: value };
}

/** One change between two runs, as lines under the later run. */
function changeLines(d: HealthDiff): string {
  const lines = [safe`      changed since #${d.fromId} (${d.fromStatus} → ${d.toStatus}):\n`];
  if (d.changes.length === 0) lines.push('        nothing checked changed\n');
  for (const c of d.changes) {
    lines.push(safe`        ${FINDING_KIND_LABELS[c.kind]} ${c.name}\n`);
    lines.push(safe`          expected: ${c.expected}\n`);
    lines.push(safe`          was:      ${c.before ?? '(not checked)'}\n`);
    lines.push(safe`          now:      ${c.after ?? '(not checked)'}${c.cause ? ` — ${c.cause}` : ''}\n`);
    if (!c.nowOk && c.fix) lines.push(safe`          fix:      ${c.fix}\n`);
  }
  return lines.join('');
}

function runLine(r: HealthRunRecord): string {
  return safe`  #${r.id}  ${r.checkedAt}  ${MARK[r.status] ?? '✗'} ${r.status}${r.reason ? `  ${r.reason}` : ''}\n`;
}

/**
 * `health history --org ID [--connection ID] [--limit N] [--json]`: the kept re-checks, newest
 * first, each connection's runs with what changed since the run before (expected against actual,
 * with the fix). Reads the store only: no cloud call and no step-up.
 */
export async function healthHistory(ctx: CommandContext): Promise<number> {
  const org = str(ctx, 'org');
  if (org === undefined) throw new CliUsageError('health history needs --org <id>.');
  if (ctx.values.all === true) throw new CliUsageError('health history reads one org: give --org <id>, not --all.');
  if (str(ctx, 'cloud') !== undefined || str(ctx, 'account') !== undefined) throw new CliUsageError('health history names a connection with --connection <cloud>:<account> (or just the account).');
  const rawLimit = str(ctx, 'limit');
  if (rawLimit !== undefined && !/^\d+$/.test(rawLimit)) throw new CliUsageError('--limit is a whole number from 1 to 200.');
  const input = checked(health.history.input, { orgId: org, ...connectionFilter(str(ctx, 'connection')), ...(rawLimit === undefined ? {} : { limit: Number(rawLimit) }) });
  const out = await ctx.session().value(health.history, input);
  if (ctx.json) {
    printJson(ctx.io, out);
    return EXIT.ok;
  }
  if (out.connections.length === 0 && out.runs.length === 0) {
    ctx.io.out(safe`No connections${input.account ? ` matching ${input.account}` : ''} in ${org}, and no kept re-checks.\n`);
    return EXIT.ok;
  }
  const dueOf = new Map<string, RecheckDue>(out.connections.map((c) => [`${c.cloud}/${c.account}`, c]));
  const keys = [...new Set([...out.connections.map((c) => `${c.cloud}/${c.account}`), ...out.runs.map((r) => `${r.cloud}/${r.account}`)])];
  for (const key of keys) {
    const runs = out.runs.filter((r) => `${r.cloud}/${r.account}` === key);
    const due = dueOf.get(key);
    const [cloud, account] = [runs[0]?.cloud ?? due?.cloud, runs[0]?.account ?? due?.account];
    const since = due ? (due.lastCheckedAt ? `last checked ${due.lastCheckedAt}` : 'never re-checked') : 'disconnected';
    ctx.io.out(safe`${cloud} ${account}${runs[0] ? ` (tier ${runs[0].tier})` : ''}: ${runs.length} run${runs.length === 1 ? '' : 's'} kept, ${since}${due?.due ? ' — due for re-check (over 7 days)' : ''}\n`);
    if (runs.length === 0) ctx.io.out(safe`  no kept re-checks: run health --org ${org} --cloud ${cloud ?? ''}\n`);
    for (const r of runs) {
      ctx.io.out(runLine(r));
      const diff = out.diffs.find((d) => d.toId === r.id);
      if (diff) ctx.io.out(changeLines(diff));
    }
  }
  return EXIT.ok;
}
