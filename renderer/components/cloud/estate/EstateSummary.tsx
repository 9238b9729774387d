import type { EstateCounts, EstateEntry } from '../../../../shared/ipc/estate-schemas.js';
import { Spinner } from '../../common/Spinner.js';
import { plural } from './selection.js';

interface SummaryProps {
  readonly counts: EstateCounts;
  readonly entries: readonly EstateEntry[];
  readonly busy: boolean;
  readonly starting: boolean;
  readonly onConnect: (accounts?: readonly string[]) => void;
  /** What one account is called: "member account" (AWS), "subscription" (Azure). */
  readonly noun?: string;
}

/** What the run would do — connect, leave out, skip — and the buttons that start it (step 3: one step-up). */
export function EstateSummary({ counts, entries, busy, starting, onConnect, noun = 'member account' }: SummaryProps) {
  const short = noun === 'member account' ? 'account' : noun;
  const management = entries.find((e) => e.state === 'management');
  const suspended = entries.filter((e) => e.state === 'suspended');
  const fresh = entries.filter((e) => e.state === 'new').map((e) => e.id);
  const selected = counts.new + counts.connected;
  return (
    <div className="stack" data-testid="estate-summary">
      <p data-testid="estate-counts">
        <strong>{selected}</strong> of {plural(counts.total, noun)} selected: {counts.new} new, {counts.connected} connected already; {counts.excluded} left out.
      </p>
      {management && (
        <p className="note" data-testid="estate-management">
          Management account <code>{management.id}</code> ({management.name}) is listed apart: a StackSet in service-managed mode never deploys there, so its role is created on its own.
        </p>
      )}
      {suspended.length > 0 && (
        <p className="note note--warning" data-testid="estate-suspended">
          {noun === 'project' ? 'Skipped, deletion requested in Google Cloud' : 'Skipped, suspended in AWS Organizations'}: {suspended.map((s) => s.id).join(', ')}.
        </p>
      )}
      <div className="row">
        {fresh.length > 0 && fresh.length < selected && (
          <button type="button" className="btn" disabled={busy} onClick={() => onConnect(fresh)} data-testid="estate-connect-new">
            Connect the {plural(fresh.length, `new ${short}`)}
          </button>
        )}
        <button type="button" className="btn btn--primary" disabled={busy || selected === 0} onClick={() => onConnect()} data-testid="estate-connect">
          Validate and connect {plural(selected, short)}
        </button>
        {starting && <Spinner label="Starting…" />}
      </div>
    </div>
  );
}
