import type { Artifact, Note } from '../../../../shared/artifacts/artifact.js';
import { api, safeCall } from '../../../api.js';
import { CodeBlock } from '../../common/CodeBlock.js';
import { Facts } from '../../common/Facts.js';
import type { CloudUi } from '../clouds/types.js';

/** Step 2: offline artifacts, each with a copy button; console links open in the system browser. */
export function BootstrapStep({ ui, bootstrap }: { ui: CloudUi; bootstrap: Record<string, unknown> }) {
  const artifacts = (bootstrap.artifacts as Artifact[]) ?? [];
  const notes = (bootstrap.notes as Note[]) ?? [];
  const quickCreate = typeof bootstrap.quickCreateUrl === 'string' ? bootstrap.quickCreateUrl : null;
  return (
    <div className="stack" data-testid="bootstrap-step">
      <Facts rows={ui.bootstrapFacts(bootstrap)} testId="bootstrap-facts" />
      {notes.length > 0 && (
        <ul className="notes">
          {notes.map((n) => (
            <li key={n.text} className={`note note--${n.level}`}>
              {n.text}
            </li>
          ))}
        </ul>
      )}
      {quickCreate && (
        <div>
          <button type="button" className="btn" onClick={() => void safeCall(() => api.links.open({ url: quickCreate }))} data-testid="open-quick-create">
            Open the CloudFormation quick-create link ↗
          </button>
        </div>
      )}
      {artifacts.map((a) => (
        <CodeBlock key={a.id} title={`${a.title} · ${a.filename}`} subtitle={a.description} content={a.content} testId={`artifact-${a.id}`} />
      ))}
    </div>
  );
}
