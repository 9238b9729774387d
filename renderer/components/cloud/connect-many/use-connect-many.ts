import { useRef, useState } from 'react';
import { CLOUD_LABELS } from '../../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import type { BatchProgress } from '../../../../shared/ipc/batch.js';
import { api, safeCall } from '../../../api.js';
import { announce, quarterAnnouncer } from '../../../state/announce.js';
import { refreshAttention } from '../../../state/attention.js';
import { withStepUp } from '../../../state/step-up.js';
import { useRunPoller } from '../../common/use-run-poller.js';
import { type BatchCloud, type Checked, type Parsed, plural } from './parsed.js';

/**
 * Connect many's state and its calls to main: check a list, read an AWS Organization's members,
 * start a run under one step-up and follow it. Any edit to the inputs drops the checked list.
 */
export function useConnectMany(orgId: string, onChanged: () => void) {
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
    announce(`${plural(parsed.targets.length, 'account')} read${v.problems.length ? `, ${plural(v.problems.length, 'line')} to fix` : ''}.`);
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
    setOrgNote(`${plural(active.length, 'active member account')} of organization ${r.value.organizationId} (the management account ${r.value.managementAccountId} is connected already).`);
    await check(listText);
  };

  const quarters = useRef(quarterAnnouncer('Connecting'));
  const poll = useRunPoller((runId: string) => api.cloud.batchProgress({ runId }), {
    progress: (p) => {
      setProgress(p);
      quarters.current(p.completed, p.total);
    },
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
    quarters.current = quarterAnnouncer('Connecting');
    const purpose = `validate and connect ${plural(run.targets.length, `${CLOUD_LABELS[run.cloud]} account`)} of ${orgId} (read-only checks, then save)`;
    const r = await withStepUp(orgId, () => api.cloud.batchStart({ orgId, ...run }), purpose);
    setBusy(null);
    if (!r.ok) return setError(r.error);
    setLastRun(run);
    setProgress({ runId: r.value.runId, orgId, cloud: run.cloud, total: r.value.total, completed: 0, finished: false, cancelled: false, results: [] });
    poll(r.value.runId);
  };

  const edit = (set: (v: string) => void) => (v: string) => (set(v), reset());
  const chooseCloud = (c: BatchCloud) => {
    setCloud(c);
    setText('');
    reset();
    setProgress(null);
  };
  const failedAccounts = new Set((progress?.finished ? progress.results : []).filter((x) => x.status === 'refused' || x.status === 'failed' || x.status === 'cancelled').map((x) => x.account));

  return {
    cloud, text, tenantId, region, checked, error, busy, progress, lastRun, orgNote, failedAccounts,
    running: Boolean(progress && !progress.finished),
    setText: edit(setText), setTenantId: edit(setTenantId), setRegion: edit(setRegion), setError, chooseCloud, check, loadMembers, start,
  };
}
