import { useId } from 'react';
import type { Artifact } from '../../../../shared/artifacts/artifact.js';
import { api, safeCall } from '../../../api.js';
import { CopyButton } from '../../common/CopyButton.js';
import { ArtifactBlock } from './ArtifactBlock.js';

interface Props {
  readonly customer: readonly Artifact[];
  readonly platform: readonly Artifact[];
  /** Console links the customer's admin opens (in the browser, through main). */
  readonly links: readonly { label: string; url: string }[];
  readonly platformNote: string;
}

/** Step 2's pieces grouped by who runs them: the customer's admin, then AlphaSwarm's platform team. */
export function ArtifactAudiences({ customer, platform, links, platformNote }: Props) {
  const id = useId();
  // Everything the admin needs as one message to send: one copy, not one per piece.
  const forAdmin = [...links.map((l) => `${l.label}:\n${l.url}\n`), ...customer.map((a) => `# ${a.title}\n${a.content}`)].join('\n');
  return (
    <>
      <section className="audience" aria-labelledby={`${id}-customer`} data-testid="audience-customer">
        <div className="row row--between">
          <h4 id={`${id}-customer`}>For the customer's admin</h4>
          {links.length + customer.length > 1 && <CopyButton text={forAdmin} label="Copy all, to send the admin" testId="copy-all-customer" />}
        </div>
        {links.length > 0 && (
          <div className="row">
            {links.map((l) => (
              <button key={l.url} type="button" className="btn" onClick={() => void safeCall(() => api.links.open({ url: l.url }))} data-testid="open-link">
                {l.label} ↗
              </button>
            ))}
          </div>
        )}
        {customer.map((a) => (
          <ArtifactBlock key={a.id} artifact={a} testId={`artifact-${a.id}`} />
        ))}
      </section>
      {platform.length > 0 && (
        <section className="audience audience--platform" aria-labelledby={`${id}-platform`} data-testid="audience-platform">
          <h4 id={`${id}-platform`}>For AlphaSwarm's platform team</h4>
          <p className="muted">{platformNote}</p>
          {platform.map((a) => (
            <ArtifactBlock key={a.id} artifact={a} testId={`artifact-${a.id}`} />
          ))}
        </section>
      )}
    </>
  );
}
