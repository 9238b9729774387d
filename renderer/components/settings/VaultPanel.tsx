import { Badge } from '../common/Badge.js';
import { ResetVault } from './ResetVault.js';

/** Settings → Local vault: whether the OS keychain holds the data key, and the reset for secrets it can no longer read. */
export function VaultPanel({ keychain, unreadable, onDone }: { keychain: { available: boolean; detail: string }; unreadable: number; onDone: () => void }) {
  return (
    <section className="card" id="settings-vault" aria-labelledby="h-vault" data-testid="vault-panel">
      <h2 id="h-vault">Local vault</h2>
      <p>
        OS keychain: {keychain.available ? <Badge tone="ok">available</Badge> : <Badge tone="bad">unavailable</Badge>} <span className="muted small">{keychain.detail}</span>
      </p>
      <ResetVault unreadable={unreadable} onDone={onDone} />
    </section>
  );
}
