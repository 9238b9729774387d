import { useEffect, useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { api, safeCall } from '../../api.js';
import { CodeBlock } from '../common/CodeBlock.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Facts } from '../common/Facts.js';
import { Spinner } from '../common/Spinner.js';
import { formatTime } from '../common/time.js';

interface DeviceKeyInfo {
  readonly jwk: Record<string, string>;
  readonly fingerprint: string;
  readonly createdAt: string;
}

/** Settings → Device signing key: what the platform pins to trust this laptop's bundles. */
export function DeviceKeyPanel() {
  const [info, setInfo] = useState<DeviceKeyInfo | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  useEffect(() => {
    void safeCall(() => api.device.key({})).then((r) => (r.ok ? setInfo(r.value) : setError(r.error)));
  }, []);
  const save = async () => {
    const r = await safeCall(() => api.device.exportKey({}));
    if (r.ok) setSaved(r.value.path);
    else setError(r.error);
  };
  return (
    <section className="card" aria-labelledby="device-key" data-testid="device-key-panel">
      <h2 id="device-key">Device signing key</h2>
      <p className="muted">
        Connection bundles from this laptop are signed with an Ed25519 key made here. Its private half stays in the OS keychain-backed store; the platform pins the public half below. Compare the
        fingerprint out loud with the platform admin before they trust it.
      </p>
      {error && <ErrorPanel error={error} />}
      {!info && !error && <Spinner label="Reading the device key…" />}
      {info && (
        <>
          <Facts
            testId="device-key-facts"
            rows={[
              ['Fingerprint', <code key="f" data-testid="device-key-fingerprint">{info.fingerprint}</code>],
              ['Algorithm', 'Ed25519 (EdDSA)'],
              ['Created', formatTime(info.createdAt)],
            ]}
          />
          <CodeBlock title="Public key (JWK)" subtitle="Give this to the platform; it is not secret." content={JSON.stringify(info.jwk, null, 2)} testId="device-key-jwk" />
          <button className="btn" type="button" onClick={() => void save()} data-testid="device-key-save">
            Save as a file
          </button>
          {saved && (
            <p role="status" data-testid="device-key-saved">
              ✓ Saved to <code>{saved}</code>
            </p>
          )}
        </>
      )}
    </section>
  );
}
