/** How far a run has got, for the eye and for a screen reader. A run of nothing is complete. */
export function ProgressBar({ label, completed, total }: { label: string; completed: number; total: number }) {
  const pct = total ? Math.round((completed / total) * 100) : 100;
  return (
    <div className="health__bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={completed}>
      <div className="health__fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
