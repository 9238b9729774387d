import { useAnnouncer } from '../../state/announce.js';

/** The app's one polite live region: results, copies and progress are announced through it. */
export function LiveRegion() {
  const { message, seq } = useAnnouncer();
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="live-region">
      {/* The key re-renders the text, so the same message said twice is heard twice. */}
      <span key={seq}>{message}</span>
    </div>
  );
}
