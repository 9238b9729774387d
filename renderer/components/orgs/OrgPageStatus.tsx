import type { ErrorData } from '../../../shared/domain/errors.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Spinner } from '../common/Spinner.js';

/** An org's page before it can be shown: the error that stopped it, still loading, or no such org here. */
export function OrgPageStatus({ orgId, error, loading }: { orgId: string; error: ErrorData | null; loading: boolean }) {
  return (
    <main className="page" id="main" tabIndex={-1}>
      {error ? (
        <ErrorPanel error={error} />
      ) : loading ? (
        <Spinner label="Loading…" />
      ) : (
        <>
          <h1>Unknown organisation</h1>
          <p>
            There is no organisation <code>{orgId}</code> on this device. <a href="#/">Add it on the organisations page.</a>
          </p>
        </>
      )}
    </main>
  );
}
