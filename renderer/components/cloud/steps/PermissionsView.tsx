import type { AnyPermissions } from '../../../../shared/ipc/cloud-types.js';
import { Badge } from '../../common/Badge.js';
import { CodeBlock } from '../../common/CodeBlock.js';

/** Each required permission with its status, why, and what to do; then the fix as text to copy. */
export function PermissionsView({ value }: { value: AnyPermissions }) {
  return (
    <div className="stack" data-testid="permissions-result">
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Required permissions and whether the connection has them</caption>
          <thead>
            <tr>
              <th scope="col">Required</th>
              <th scope="col">Status</th>
              <th scope="col">Why / what to do</th>
            </tr>
          </thead>
          <tbody>
            {value.checks.map((c) => (
              <tr key={c.name} data-testid={`check-${c.name}`} data-status={c.status}>
                <td>
                  <code>{c.name}</code>
                </td>
                <td>
                  {c.status === 'granted' ? <Badge tone="ok">Granted</Badge> : c.status === 'missing' ? <Badge tone="bad">Missing required</Badge> : <Badge tone="warn">Could not be verified</Badge>}
                </td>
                <td className="muted">
                  {c.cause}
                  {c.remedy && <div className="remedy">{c.remedy}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {value.remediation.map((r) => (
        <CodeBlock key={r.title} title={r.title} subtitle={r.description} content={r.content} testId="remediation" />
      ))}
    </div>
  );
}
