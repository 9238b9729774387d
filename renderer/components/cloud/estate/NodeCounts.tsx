import type { EstateCounts } from '../../../../shared/ipc/estate-schemas.js';
import { plural } from './selection.js';

/** Beside an OU: its accounts (at and below it) by state. */
export function NodeCounts({ counts, testId }: { counts: EstateCounts | undefined; testId?: string }) {
  if (!counts) return null;
  const parts = [plural(counts.total, 'account')];
  if (counts.connected) parts.push(`${counts.connected} connected`);
  if (counts.new) parts.push(`${counts.new} new`);
  if (counts.excluded) parts.push(`${counts.excluded} excluded`);
  if (counts.suspended) parts.push(`${counts.suspended} suspended`);
  return (
    <span className="muted small" data-testid={testId}>
      {parts.join(' · ')}
    </span>
  );
}
