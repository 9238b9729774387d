import * as healthContracts from '../../../shared/ipc/health.js';
import * as health from '../../../shared/ipc/health.js';
import { checked } from './checked-input.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLOUD_KINDS } from '../../../shared/domain/cloud.js';
import type { HealthProgress, HealthResult } from '../../../shared/ipc/health.js';
import { CliUsageError, EXIT, printJson, unexpectedArgument } from '../output.js';
import { healthHistory } from './health-history.js';
import { estateWaiting } from '../../../shared/ipc/estate.js';
import { type Command, str } from './types.js';
import { safe } from '../terminal.js';

const MARK: Readonly<Record<HealthResult['status'], string>> = {
  connected: '✓',
  needs_attention: '!',
  degraded: '✗',
  drifted: '✗',
  rotated_key: '!',
  expiring: '!',
  expired: '✗',
  check_failed: '✗',
  cancelled: '·',
};

export const healthCommand: Command = {
  name: 'health',
  usage: 'health (--org <id> [--cloud <c> [--account <id>]] | --all) [--concurrency N] [--otp <code>] [--json] | health history --org <id> [--connection [<cloud>:]<id>] [--limit N] [--json]',
  summary: 'Re-validate saved connections read-only (the identity and the saved tier); exit 1 if any is not healthy. history: the kept re-checks and what changed between them.',
  options: {
    org: { type: 'string' },
    all: { type: 'boolean', default: false },
    cloud: { type: 'string' },
    account: { type: 'string' },
    connection: { type: 'string' },
    limit: { type: 'string' },
    concurrency: { type: 'string' },
    otp: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run(ctx) {
    const [sub, extra] = ctx.positionals;
    if (sub === 'history' && extra === undefined) return healthHistory(ctx);
    if (sub !== undefined) throw unexpectedArgument(extra === undefined ? 1 : 2);
    if (str(ctx, 'connection') !== undefined || str(ctx, 'limit') !== undefined) throw new CliUsageError('--connection and --limit go with health history.');
    const org = str(ctx, 'org');
    const all = ctx.values.all === true;
    if (all === (org !== undefined)) throw new CliUsageError('Give either --org <id> or --all.');
    const cloud = str(ctx, 'cloud');
    if (cloud !== undefined && !(CLOUD_KINDS as readonly string[]).includes(cloud)) throw new CliUsageError(`--cloud is one of ${CLOUD_KINDS.join(', ')}.`);
    if (cloud !== undefined && all) throw new CliUsageError('--cloud goes with --org.');
    const rawConcurrency = str(ctx, 'concurrency');
    const concurrency = rawConcurrency === undefined ? undefined : Number(rawConcurrency);
    if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)) throw new CliUsageError('--concurrency is a whole number from 1 to 64.');
    const orgId = all ? '__platform__' : org!;
    const account = str(ctx, 'account');
    if (account !== undefined && cloud === undefined) throw new CliUsageError('--account goes with --cloud.');
    const session = ctx.session();
    const start = checked(health.start.input, { orgId, scope: all ? 'all' : cloud ? 'connection' : 'org', ...(cloud ? { cloud } : {}), ...(account ? { account } : {}), ...(concurrency ? { concurrency } : {}) });
    const started = await session.stepped(healthContracts.start, start, str(ctx, 'otp'));
    let shown = 0;
    let progress: HealthProgress;
    // Ctrl-C cancels the run: its checks in flight are aborted, and what finished is still shown.
    const cancel = () => void session.call(healthContracts.cancel, { runId: started.runId });
    session.signal.addEventListener('abort', cancel, { once: true });
    for (;;) {
      progress = await session.value(healthContracts.progress, { runId: started.runId });
      if (!ctx.json) {
        for (const r of progress.results.slice(shown)) ctx.io.out(safe`${MARK[r.status]} ${r.orgId}\t${r.cloud}\t${r.account}\t${r.status}${r.reason ? `\t${r.reason}` : ''}\n`);
      }
      shown = progress.results.length;
      if (progress.finished) break;
      await sleep(100);
    }
    session.signal.removeEventListener('abort', cancel);
    const unhealthy = progress.results.filter((r) => r.status !== 'connected').length;
    // What the last estate scan found still not connected: said, never counted as unhealthy.
    const { estates } = await session.value(estateWaiting, all ? {} : { orgId });
    if (ctx.json) printJson(ctx.io, { total: progress.total, unhealthy, results: progress.results, estates });
    else {
      ctx.io.out(progress.total === 0 ? 'No connections to check.\n' : `${progress.total - unhealthy}/${progress.total} healthy\n`);
      for (const e of estates.filter((x) => x.notConnected > 0)) {
        const what = e.cloud === 'azure' ? 'Azure management group subscriptions' : e.cloud === 'gcp' ? 'GCP organisation or folder projects' : 'AWS Organization accounts';
        ctx.io.out(safe`! ${e.orgId}: ${e.notConnected} of ${e.total} ${what} not yet connected (scan of ${e.scannedAt}); see estate scan --org ${e.orgId} --cloud ${e.cloud}\n`);
      }
    }
    return unhealthy ? EXIT.cloudRefused : EXIT.ok;
  },
};
