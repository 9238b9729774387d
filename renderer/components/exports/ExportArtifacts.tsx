import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import { api, safeCall } from '../../api.js';
import { CopyButton } from '../common/CopyButton.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { useAction } from '../common/use-action.js';

/** "Export artifacts": every cloud's artifacts for this org as files, offline, for the customer's admin. */
export function ExportArtifacts({ orgId }: { orgId: string }) {
  const { busy, result: written, error, run } = useAction(() => safeCall(() => api.artifacts.exportPack({ orgId })));
  return (
    <div className="export" data-testid="export-artifacts">
      <div className="export__row">
        <div>
          <strong>Artifact pack</strong>
          <p className="muted small">Every bootstrap artifact of every cloud, with Terraform, a README for the customer's admin and a SHA-256 manifest. Made offline; nothing in it is secret.</p>
        </div>
        <button className="btn" type="button" onClick={() => void run()} disabled={busy} data-testid="export-artifacts-button">
          {busy ? 'Writing…' : written ? 'Export again' : 'Export artifacts'}
        </button>
      </div>
      {error && <ErrorPanel error={error} />}
      {written && (
        <div className="export__result" role="status" data-testid="export-artifacts-result">
          <p>
            ✓ Wrote {written.files.length} files to <code>{written.directory}</code> <CopyButton text={written.directory} label="Copy path" />
          </p>
          {written.skipped.map((s) => (
            <p key={s.cloud} className="field__problem" data-testid={`export-skipped-${s.cloud}`}>
              {CLOUD_LABELS[s.cloud]} left out: {s.reason}
            </p>
          ))}
          <details>
            <summary>Files and their SHA-256 (also in manifest.json)</summary>
            <table className="table table--compact">
              <tbody>
                {written.files.map((f) => (
                  <tr key={f.path}>
                    <td>
                      <code>{f.path}</code>
                    </td>
                    <td>
                      <code className="small muted">{f.sha256.slice(0, 16)}…</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </div>
      )}
    </div>
  );
}
