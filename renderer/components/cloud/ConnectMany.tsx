import { useId, useRef, useState } from 'react';
import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { BatchItemResult, BatchProgress } from '../../../shared/ipc/batch.js';
import type { CloudOut } from '../../../shared/ipc/cloud-types.js';
import { api, safeCall } from '../../api.js';
import { announce } from '../../state/announce.js';
import { refreshAttention } from '../../state/attention.js';
import { withStepUp } from '../../state/step-up.js';
import { Badge, type BadgeTone } from '../common/Badge.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Field } from '../common/Field.js';
import { ProgressBar } from '../common/ProgressBar.js';
import { useRunPoller } from '../common/use-run-poller.js';
import { Spinner } from '../common/Spinner.js';

type BatchCloud = 'aws' | 'azure' | 'gcp';

/** A checked list, ready to run: one cloud's targets, tagged, so no cast is needed to start it. */
type Parsed =
  | { cloud: 'aws'; targets: CloudOut<'aws'>['targetIn'][] }
  | { cloud: 'azure'; targets: CloudOut<'azure'>['targetIn'][] }
  | { cloud: 'gcp'; targets: CloudOut<'gcp'>['targetIn'][] };

interface Checked {
  readonly parsed: Parsed;
  readonly problems: readonly { line: number; value: string; problem: string }[];
  readonly skipped: readonly string[];
  readonly roleName: string | null;
}

const HELP: Readonly<Record<BatchCloud, { label: string; placeholder: string; help: string }>> = {
  aws: {
    label: 'AWS account ids',
    placeholder: '444455556666\n777788889999',
    help: 'One 12-digit id per line, a CSV with an account_id column, or what `aws organizations list-accounts` prints. Each account must already have the role (StackSets create it everywhere).',
  },
  azure: { label: 'Subscription ids', placeholder: '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b', help: 'One per line, or a CSV with a subscription_id column. All in the tenant above.' },
  gcp: { label: 'Projects', placeholder: 'acme-prod-4821:483920174562', help: 'One <project id>:<project number> per line, or a CSV with project_id and project_number columns.' },
};

const RESULT: Readonly<Record<BatchItemResult['status'], readonly [BadgeTone, string]>> = {
  connected: ['ok', 'Connected'],
  updated: ['ok', 'Updated'],
  refused: ['bad', 'Refused'],
  failed: ['bad', 'Failed'],
  cancelled: ['muted', 'Not started'],
};

const accountOf = (t: Parsed['targets'][number]): string => (t.cloud === 'aws' ? (/::(\d{12}):/.exec(t.roleArn)?.[1] ?? t.roleArn) : t.cloud === 'azure' ? t.subscriptionId : t.projectId);

/** Only the targets whose account is in `keep`, still tagged by cloud. */
function only(parsed: Parsed, keep: ReadonlySet<string>): Parsed {
  switch (parsed.cloud) {
    case 'aws':
      return { cloud: 'aws', targets: parsed.targets.filter((t) => keep.has(accountOf(t))) };
    case 'azure':
      return { cloud: 'azure', targets: parsed.targets.filter((t) => keep.has(accountOf(t))) };
    case 'gcp':
      return { cloud: 'gcp', targets: parsed.targets.filter((t) => keep.has(accountOf(t))) };
  }
}

/**
 * "Connect many accounts": paste or load a list (or, for AWS, read the Organization's members),
 * validate them a bounded number at a time under one step-up, and save those that pass. Every
 * account gets its own result; the ones that did not pass can be retried alone.
 */
export function ConnectMany({ orgId, onChanged, onClose }: { orgId: string; onChanged: () => void; onClose: () => void }) {
  const [cloud, setCloud] = useState<BatchCloud>('aws');
  const [text, setText] = useState('');
  const [tenantId, setTenantId] = useState('');
  const [region, setRegion] = useState('');
  const [checked, setChecked] = useState<Checked | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [busy, setBusy] = useState<null | 'check' | 'members' | 'start'>(null);
  const [progress, setProgress] = useState<BatchProgress | null>(null);
  const [lastRun, setLastRun] = useState<Parsed | null>(null);
  const [orgNote, setOrgNote] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const radios = useId();

  const reset = () => {
    setChecked(null);
    setError(null);
  };

  const check = async (listText = text) => {
    setBusy('check');
    reset();
    const r = await safeCall(() => api.cloud.parseTargets({ cloud, orgId, text: listText, ...(tenantId.trim() ? { tenantId: tenantId.trim() } : {}), ...(region.trim() ? { region: region.trim() } : {}) }));
    setBusy(null);
    if (!r.ok) return setError(r.error);
    const v = r.value;
    const parsed: Parsed = v.cloud === 'aws' ? { cloud: 'aws', targets: v.targets } : v.cloud === 'azure' ? { cloud: 'azure', targets: v.targets } : { cloud: 'gcp', targets: v.targets };
    setChecked({ parsed, problems: v.problems, skipped: v.skipped, roleName: v.roleName });
    announce(`${parsed.targets.length} account${parsed.targets.length === 1 ? '' : 's'} read${v.problems.length ? `, ${v.problems.length} line${v.problems.length === 1 ? '' : 's'} to fix` : ''}.`);
  };

  const loadMembers = async () => {
    setBusy('members');
    reset();
    setOrgNote(null);
    const r = await withStepUp(orgId, () => api.cloud.awsMemberAccounts({ orgId }), `read ${orgId}'s AWS Organization member list (read-only)`);
    setBusy(null);
    if (!r.ok) return setError(r.error);
    const active = r.value.accounts.filter((a) => a.status === 'ACTIVE' && a.id !== r.value.managementAccountId);
    const listText = active.map((a) => a.id).join('\n');
    setText(listText);
    setOrgNote(`${active.length} active member account${active.length === 1 ? '' : 's'} of organization ${r.value.organizationId} (the management account ${r.value.managementAccountId} is connected already).`);
    await check(listText);
  };

  const poll = useRunPoller((runId: string) => api.cloud.batchProgress({ runId }), {
    progress: setProgress,
    error: setError,
    finished: (done) => {
      const ok = done.results.filter((x) => x.status === 'connected' || x.status === 'updated').length;
      announce(`Done: ${ok} of ${done.total} connected.`);
      void refreshAttention();
      onChanged();
    },
  });

  const start = async (run: Parsed) => {
    setBusy('start');
    setError(null);
    setProgress(null);
    const n = run.targets.length;
    const purpose = `validate and connect ${n} ${CLOUD_LABELS[run.cloud]} account${n === 1 ? '' : 's'} of ${orgId} (read-only checks, then save)`;
    const r = await withStepUp(orgId, () => api.cloud.batchStart({ orgId, ...run }), purpose);
    setBusy(null);
    if (!r.ok) return setError(r.error);
    setLastRun(run);
    setProgress({ runId: r.value.runId, orgId, cloud: run.cloud, total: r.value.total, completed: 0, finished: false, cancelled: false, results: [] });
    poll(r.value.runId);
  };

  const failedAccounts = new Set((progress?.finished ? progress.results : []).filter((x) => x.status === 'refused' || x.status === 'failed' || x.status === 'cancelled').map((x) => x.account));
  const running = Boolean(progress && !progress.finished);
  const help = HELP[cloud];

  return (
    <section className="card stack" aria-labelledby="connect-many-title" data-testid="connect-many">
      <div className="card__header">
        <h2 id="connect-many-title">Connect many accounts</h2>
        <button type="button" className="btn btn--ghost" onClick={onClose} disabled={running} data-testid="connect-many-close">
          Close
        </button>
      </div>
      <p className="muted">Each account is validated read-only and saved only if every required permission is there. One step-up covers the run.</p>
      <fieldset className="choice choice--inline" disabled={running}>
        <legend>Cloud</legend>
        {(['aws', 'azure', 'gcp'] as const).map((c) => (
          <label key={c}>
            <input
              type="radio"
              name={radios}
              checked={cloud === c}
              onChange={() => {
                setCloud(c);
                setText('');
                reset();
                setProgress(null);
              }}
              data-testid={`many-cloud-${c}`}
            />{' '}
            {CLOUD_LABELS[c]}
          </label>
        ))}
      </fieldset>
      {cloud === 'azure' && <Field label="Tenant id" placeholder="72f988bf-86f1-41af-91ab-2d7cd011db47" value={tenantId} onChange={(e) => (setTenantId(e.target.value), reset())} data-testid="many-tenant" disabled={running} />}
      {cloud === 'aws' && (
        <div className="row">
          <button type="button" className="btn" onClick={() => void loadMembers()} disabled={busy !== null || running} data-testid="many-load-org">
            Load from AWS Organizations
          </button>
          <span className="muted small">Reads the member list through the org's primary connection, which must be the management account.</span>
        </div>
      )}
      {orgNote && <p className="note note--info" data-testid="many-org-note">{orgNote}</p>}
      <div className="field">
        <label htmlFor={`${radios}-list`}>{help.label}</label>
        <textarea
          id={`${radios}-list`}
          className="textarea"
          rows={6}
          value={text}
          placeholder={help.placeholder}
          spellCheck={false}
          onChange={(e) => (setText(e.target.value), reset())}
          disabled={running}
          aria-describedby={`${radios}-list-help`}
          data-testid="many-list"
        />
        <div id={`${radios}-list-help`} className="field__help">
          {help.help}
        </div>
      </div>
      <div className="row">
        <input
          ref={fileInput}
          type="file"
          accept=".txt,.csv,.json,text/plain,text/csv,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            if (file.size > 1024 * 1024) return setError({ code: 'bad_request', message: `${file.name} is larger than 1 MB.`, hint: 'Split the list, or load the accounts from AWS Organizations.' });
            void file.text().then((t) => (setText(t), void check(t)));
          }}
          data-testid="many-file"
        />
        <button type="button" className="btn" onClick={() => fileInput.current?.click()} disabled={running}>
          Load a file…
        </button>
        {cloud === 'aws' && <Field label="STS region (optional)" placeholder="us-east-1" value={region} onChange={(e) => (setRegion(e.target.value), reset())} disabled={running} />}
        <button type="button" className="btn" onClick={() => void check()} disabled={busy !== null || running || text.trim() === '' || (cloud === 'azure' && tenantId.trim() === '')} data-testid="many-check">
          Check the list
        </button>
        {busy === 'check' && <Spinner label="Reading the list…" />}
        {busy === 'members' && <Spinner label="Reading the Organization…" />}
      </div>
      {error && <ErrorPanel error={error} />}

      {checked && !progress && (
        <div className="stack" data-testid="many-checked">
          <p>
            <strong>{checked.parsed.targets.length}</strong> account{checked.parsed.targets.length === 1 ? '' : 's'} to connect
            {checked.roleName && (
              <>
                {' '}
                through the role <code>{checked.roleName}</code> with {orgId}'s external id
              </>
            )}
            .
          </p>
          {checked.problems.length > 0 && (
            <div className="error-panel" role="alert" data-testid="many-problems">
              <div className="error-panel__title">Fix these lines first</div>
              <ul>
                {checked.problems.slice(0, 20).map((p) => (
                  <li key={`${p.line}-${p.value}`}>
                    Line {p.line}: {p.problem}
                  </li>
                ))}
              </ul>
              {checked.problems.length > 20 && <p>…and {checked.problems.length - 20} more.</p>}
            </div>
          )}
          {checked.skipped.length > 0 && (
            <p className="muted small" data-testid="many-skipped">
              Left out: {checked.skipped.join('; ')}
            </p>
          )}
          <div className="row">
            <button type="button" className="btn btn--primary" disabled={busy !== null || checked.problems.length > 0 || checked.parsed.targets.length === 0} onClick={() => void start(checked.parsed)} data-testid="many-start">
              Validate and connect {checked.parsed.targets.length} account{checked.parsed.targets.length === 1 ? '' : 's'}
            </button>
            {busy === 'start' && <Spinner label="Starting…" />}
          </div>
        </div>
      )}

      {progress && (
        <div className="stack" data-testid="many-progress" data-finished={progress.finished}>
          <ProgressBar label="Accounts checked" completed={progress.completed} total={progress.total} />
          <div className="row">
            <span data-testid="many-count">
              {progress.finished
                ? `${progress.cancelled ? 'Cancelled' : 'Done'}: ${progress.results.filter((x) => x.status === 'connected' || x.status === 'updated').length} of ${progress.total} connected`
                : `Checked ${progress.completed} of ${progress.total}…`}
            </span>
            {running && (
              <button type="button" className="btn btn--small" onClick={() => void safeCall(() => api.cloud.batchCancel({ runId: progress.runId }))} data-testid="many-cancel">
                Cancel
              </button>
            )}
          </div>
          {progress.results.length > 0 && (
            <div className="table-wrap">
              <table className="table table--compact" data-testid="many-results">
                <caption className="visually-hidden">Result for each account</caption>
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Result</th>
                    <th scope="col">What to do</th>
                  </tr>
                </thead>
                <tbody>
                  {progress.results.map((x) => (
                    <tr key={x.account} data-testid={`many-result-${x.account}`} data-status={x.status}>
                      <td className="nowrap">
                        <code>{x.account}</code>
                      </td>
                      <td>
                        <Badge tone={RESULT[x.status][0]}>{RESULT[x.status][1]}</Badge>
                      </td>
                      <td className="small">
                        {x.error ? (
                          <>
                            {x.error.message} <span className="muted">{x.error.hint}</span>
                          </>
                        ) : x.missing.length ? (
                          `Missing: ${x.missing.join(', ')}`
                        ) : x.status === 'cancelled' ? (
                          'Cancelled before it started.'
                        ) : (
                          'Saved.'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {progress.finished && failedAccounts.size > 0 && lastRun && (
            <div className="row">
              <button type="button" className="btn btn--primary" onClick={() => void start(only(lastRun, failedAccounts))} disabled={busy !== null} data-testid="many-retry">
                Retry the {failedAccounts.size} not connected
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
