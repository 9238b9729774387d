import type { Artifact, Note } from '../../../../shared/artifacts/artifact.js';
import { api, safeCall } from '../../../api.js';
import { CodeBlock } from '../../common/CodeBlock.js';
import { Facts } from '../../common/Facts.js';
import type { CloudUi } from '../clouds/types.js';

/** Step 2: offline artifacts, each with a copy button; console links open in the system browser. */
export function BootstrapStep({ ui, bootstrap }: { ui: CloudUi; bootstrap: Record<string, unknown> }) {
  const artifacts = (bootstrap.artifacts as Artifact[]) ?? [];
  const notes = (bootstrap.notes as Note[]) ?? [];
  const links = ui.bootstrapLinks(bootstrap);
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
      {links.length > 0 && (
        <div className="row">
          {links.map((l) => (
            <button key={l.url} type="button" className="btn" onClick={() => void safeCall(() => api.links.open({ url: l.url }))} data-testid="open-link">
              {l.label} ↗
            </button>
          ))}
        </div>
      )}
      {artifacts.map((a) => (
        <CodeBlock key={a.id} title={`${a.title} · ${a.filename}`} subtitle={a.description} content={a.content} testId={`artifact-${a.id}`} />
      ))}
    </div>
  );
}
