import { useState } from 'react';
import { orgIdProblem } from '../../../shared/domain/org-id.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { SettingsStatus } from '../../../shared/ipc/settings.js';
import { api, safeCall } from '../../api.js';
import { announce } from '../../state/announce.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Field } from '../common/Field.js';

/** AWS role names per organisation: fixing one org never needs a global setting. */
export function OrgRoleNames({ rows, onChanged }: { rows: SettingsStatus['orgRoleNames']; onChanged: () => void }) {
  const [orgId, setOrgId] = useState('');
  const [name, setName] = useState('');
  // The role an org's trust policy names: a protected change, so the code goes with it and main
  // shows the change in its own dialog.
  const [code, setCode] = useState('');
  const [error, setError] = useState<ErrorData | null>(null);
  const save = async (org: string, roleName: string | null) => {
    setError(null);
    const r = await safeCall(() => api.settings.setOrgRoleName({ orgId: org, roleName, ...(code.trim() ? { code: code.trim() } : {}) }));
    setCode('');
    if (!r.ok) return setError(r.error);
    announce(roleName ? `${org} now uses the role ${r.value.roleName}.` : `${org} uses the pattern again.`);
    setOrgId('');
    setName('');
    onChanged();
  };
  const idProblem = orgId ? orgIdProblem(orgId.trim()) : undefined;
  return (
    <div className="stack" data-testid="org-role-names">
      <h3>Role name for one organisation</h3>
      <p className="muted small">When a customer's role has another name (or the pattern gives one over IAM's 64 characters), give that organisation its own name here.</p>
      <p className="muted small">Protected: a change needs your step-up code, and the app asks you to confirm it in its own dialog.</p>
      {rows.length > 0 && (
        <table className="table table--compact">
          <caption className="visually-hidden">Role names per organisation</caption>
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Role name</th>
              <th scope="col">From</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.orgId}>
                <td>{r.orgId}</td>
                <td>
                  <code>{r.roleName}</code>
                </td>
                <td>{r.source === 'profile' ? 'your platform profile' : 'Settings'}</td>
                <td className="actions">
                  {r.source === 'settings file' && (
                    <button type="button" className="btn btn--small btn--ghost" disabled={!code.trim()} title={code.trim() ? undefined : 'Enter your step-up code below first'} onClick={() => void save(r.orgId, null)}>
                      Use the pattern
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save(orgId.trim(), name.trim());
        }}
      >
        <Field label="Organisation id" value={orgId} onChange={(e) => setOrgId(e.target.value)} problem={idProblem ?? null} placeholder="acme-corp" data-testid="role-name-org" />
        <Field label="Role name" value={name} onChange={(e) => setName(e.target.value)} placeholder="AlphaSwarmReadOnly" data-testid="role-name-value" />
        <Field
          label="Step-up code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          inputMode="numeric"
          autoComplete="one-time-code"
          placeholder="123456"
          data-testid="role-name-code"
        />
        <div>
          <button type="submit" className="btn btn--primary btn--small" disabled={!orgId.trim() || !name.trim() || !code.trim() || Boolean(idProblem)} data-testid="role-name-save">
            Save
          </button>
        </div>
      </form>
      {error && <ErrorPanel error={error} />}
    </div>
  );
}
