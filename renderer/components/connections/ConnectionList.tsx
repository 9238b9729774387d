import { Fragment } from 'react';
import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import type { ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { hrefFor } from '../../state/route.js';
import { ConnectionRow, type RowActions } from './ConnectionRow.js';

/** A header row for each org and cloud when the list is in that order. */
function GroupHeader({ c, allOrgs, count }: { c: ConnectionSummary; allOrgs: boolean; count: number }) {
  return (
    <tr className="connections__group">
      <th scope="rowgroup" colSpan={5}>
        {allOrgs && (
          <>
            <a href={hrefFor({ name: 'integrations', orgId: c.orgId })}>{c.orgId}</a> ·{' '}
          </>
        )}
        {CLOUD_LABELS[c.cloud]} <span className="muted">({count})</span>
      </th>
    </tr>
  );
}

interface Props {
  readonly rows: readonly ConnectionSummary[];
  readonly caption: string;
  readonly allOrgs: boolean;
  readonly grouped: boolean;
  readonly counts: ReadonlyMap<string, number>;
  readonly actionsFor: (c: ConnectionSummary) => RowActions;
  /** The credential keys of connections not re-checked for 7 days. */
  readonly due: ReadonlySet<string>;
}

/** The table of connections on this page, grouped by org and cloud when sorted that way. */
export function ConnectionList({ rows, caption, allOrgs, grouped, counts, actionsFor, due }: Props) {
  return (
    <table className="table connections" data-testid="connection-list">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col">Status</th>
          <th scope="col">Platform</th>
          <th scope="col">Checked</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c, i) => {
          const group = `${c.orgId}|${c.cloud}`;
          const previous = rows[i - 1];
          const header = grouped && (previous === undefined || `${previous.orgId}|${previous.cloud}` !== group);
          const count = counts.get(group) ?? 0;
          return (
            <Fragment key={c.credentialKey}>
              {header && <GroupHeader c={c} allOrgs={allOrgs} count={count} />}
              <ConnectionRow c={c} allOrgs={allOrgs} grouped={grouped} several={count > 1} due={due.has(`${c.orgId}|${c.credentialKey}`)} actions={actionsFor(c)} />
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
