import type { EstateEntry } from '../../../../shared/ipc/estate-schemas.js';
import { Badge, type BadgeTone } from '../../common/Badge.js';

const STATE: Readonly<Record<EstateEntry['state'], readonly [BadgeTone, string]>> = {
  connected: ['ok', 'Connected'],
  new: ['info', 'New'],
  excluded: ['muted', 'Excluded'],
  suspended: ['warn', 'Suspended: skipped'],
  management: ['info', 'Management account'],
};

const INSTANCE: Readonly<Record<NonNullable<EstateEntry['stackInstance']>['state'], readonly [BadgeTone, string]>> = {
  present: ['ok', 'Stack instance'],
  failed: ['bad', 'Stack instance failed'],
  pending: ['warn', 'Stack instance in progress'],
  none: ['muted', 'No stack instance'],
};

/** One account in the tree: a box to leave it out, its state, its StackSet instance, and why when it is not connected. */
export function EstateAccountRow({ entry, excluded, disabled, onToggle }: { entry: EstateEntry; excluded: boolean; disabled: boolean; onToggle: () => void }) {
  const fixed = entry.state === 'suspended' || entry.state === 'management';
  return (
    <li className="estate__account" data-testid={`estate-account-${entry.id}`} data-state={entry.state}>
      <label className="row">
        <input type="checkbox" checked={!fixed && !excluded} disabled={disabled || fixed} onChange={onToggle} data-testid={`estate-account-box-${entry.id}`} />
        <code>{entry.id}</code> <span>{entry.name}</span>
        <Badge tone={STATE[entry.state][0]}>{STATE[entry.state][1]}</Badge>
        {entry.stackInstance && <Badge tone={INSTANCE[entry.stackInstance.state][0]} testId={`estate-instance-${entry.id}`}>{INSTANCE[entry.stackInstance.state][1]}</Badge>}
      </label>
      {entry.reason && <div className="muted small estate__reason">{entry.reason}</div>}
      {entry.stackInstance && entry.stackInstance.state !== 'present' && (
        <div className="small estate__reason" data-testid={`estate-instance-reason-${entry.id}`}>
          CloudFormation: {entry.stackInstance.detail}
          {entry.stackInstance.reason ? ` — ${entry.stackInstance.reason}` : ''}
        </div>
      )}
    </li>
  );
}
