import type { SettingsStatus } from '../../../shared/ipc/settings.js';

/** Which of AlphaSwarm's Entra apps the profile puts each organisation on: Entra allows 20 per app. */
export function AzureApps({ rows }: { rows: SettingsStatus['azureApps'] }) {
  if (rows.length === 0) return null;
  return (
    <div className="stack" data-testid="azure-apps">
      <h4>AlphaSwarm apps of your organisations</h4>
      <p className="muted small">Your platform profile assigns each organisation to one of AlphaSwarm's Entra apps (the others use the global one). An app holds at most 20 organisations.</p>
      <table className="table table--compact">
        <caption className="visually-hidden">Azure apps and their organisations</caption>
        <thead>
          <tr>
            <th scope="col">App (client id)</th>
            <th scope="col">Organisations</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.clientId}>
              <td>
                <code>{a.clientId}</code>
                {a.global ? ' (global)' : ''}
              </td>
              <td>
                {a.orgIds.length}: {a.orgIds.join(', ')}
                {a.overLimit && <p className="note note--warning">Over Entra's 20 federated credentials per app: the organisations after the 20th cannot be connected. Ask the platform team to assign some to another app in your profile.</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
