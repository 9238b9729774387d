import { randomUUID } from 'node:crypto';
import { Entry } from '@napi-rs/keyring';

let cached: boolean | undefined;

/**
 * Whether a real OS keychain answers here. `npm test` starts a private Secret Service (gnome-keyring
 * in a dbus session) where the machine has one; without it, keychain-backed tests are skipped —
 * nothing falls back to plaintext to make a test pass.
 */
export function keychainAvailable(): boolean {
  if (cached !== undefined) return cached;
  try {
    const entry = new Entry('alphaswarm-test-probe', randomUUID(), { linux: { store: 'secret-service' } });
    entry.setPassword('probe');
    entry.deletePassword();
    cached = true;
  } catch {
    cached = false;
  }
  return cached;
}

export function testKeychainService(): string {
  return `alphaswarm-test-${randomUUID()}`;
}
