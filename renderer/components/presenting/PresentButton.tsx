import { useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { isPlatformOrg } from '../../../shared/domain/org-id.js';
import { enterPresenting, usePresenting } from '../../state/presenting.js';
import { ErrorPanel } from '../common/ErrorPanel.js';

/** "Present this organisation" on an org's page: the window then shows this customer alone. */
export function PresentButton({ orgId }: { orgId: string }) {
  const presenting = usePresenting((s) => s.presenting);
  const [error, setError] = useState<ErrorData | null>(null);
  if (presenting || isPlatformOrg(orgId)) return null;
  const start = async () => {
    const e = await enterPresenting(orgId);
    setError(e);
  };
  return (
    <div className="stack">
      <button type="button" className="btn" onClick={() => void start()} data-testid="start-presenting" title="Every screen shows only this organisation until you leave presenting mode">
        Present this organisation
      </button>
      {error && <ErrorPanel error={error} />}
    </div>
  );
}
