import { Badge } from '../../common/Badge.js';
import { CodeBlock } from '../../common/CodeBlock.js';
import type { PermissionsValue } from '../wizard-state.js';

export function PermissionsView({ value }: { value: PermissionsValue }) {
  return (
    <div className="stack" data-testid="permissions-result">
      <table className="table">
        <thead>
          <tr>
            <th>Required</th>
            <th>Status</th>
            <th>Why / what to do</th>
          </tr>
        </thead>
        <tbody>
          {value.checks.map((c) => (
            <tr key={c.name} data-testid={`check-${c.name}`} data-status={c.status}>
              <td>
                <code>{c.name}</code>
              </td>
              <td>
                {c.status === 'granted' ? (
                  <Badge tone="ok">Granted</Badge>
                ) : c.status === 'missing' ? (
                  <Badge tone="bad">Missing required</Badge>
                ) : (
                  <Badge tone="warn">Could not be verified</Badge>
                )}
              </td>
              <td className="muted">
                {c.cause}
                {c.remedy && <div className="remedy">{c.remedy}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {value.remediation.map((r) => (
        <CodeBlock key={r.title} title={r.title} subtitle={r.description} content={r.content} testId="remediation" />
      ))}
    </div>
  );
}
