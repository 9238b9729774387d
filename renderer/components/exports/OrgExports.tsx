import { ExportArtifacts } from './ExportArtifacts.js';
import { ExportBundle } from './ExportBundle.js';
import { SendToPlatform } from './SendToPlatform.js';

/** An org page's exports: its artifact pack, a send to the platform, and a signed bundle of its connections. */
export function OrgExports({ orgId, hasConnections, onChanged }: { orgId: string; hasConnections: boolean; onChanged: () => void }) {
  return (
    <section className="card" aria-labelledby="exports">
      <h2 id="exports">Exports</h2>
      <ExportArtifacts orgId={orgId} />
      <SendToPlatform orgId={orgId} disabled={!hasConnections} onSent={onChanged} />
      <ExportBundle orgIds={[orgId]} disabled={!hasConnections} onExported={onChanged} />
    </section>
  );
}
