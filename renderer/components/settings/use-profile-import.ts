import { useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { ProfileInspection } from '../../../shared/ipc/settings.js';
import { api, safeCall } from '../../api.js';
import { announce } from '../../state/announce.js';
import { refreshAttention } from '../../state/attention.js';

/**
 * A profile import from a file: inspected by main first (its engineer, orgs, settings and signing
 * key), then imported once the engineer confirms a first key — with the platform's key file when
 * the profile does not carry it, and a step-up code when main asks for one.
 */
export function useProfileImport(onImported: () => void) {
  const [text, setText] = useState<string | null>(null);
  const [inspection, setInspection] = useState<ProfileInspection | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  // Pinning a key or changing a protected setting needs a step-up code; main then shows the change itself.
  const [askCode, setAskCode] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState<ErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  /** The platform's public key file, for a profile that does not carry its signing key. */
  const [trustKey, setTrustKey] = useState<string | null>(null);
  const [needsKey, setNeedsKey] = useState(false);

  const inspect = async (content: string, key: string | null) => {
    setError(null);
    setInspection(null);
    setConfirmed(false);
    setBusy(true);
    const r = await safeCall(() => api.settings.inspectProfile({ text: content, ...(key !== null ? { trustKey: key } : {}) }));
    setBusy(false);
    if (r.ok) {
      setInspection(r.value);
      setNeedsKey(false);
      setAskCode(r.value.trust === 'first-use');
      return;
    }
    setError(r.error);
    if (r.error.details?.reason === 'key_required') setNeedsKey(true);
  };

  const read = async (file: File | undefined) => {
    setError(null);
    setInspection(null);
    setConfirmed(false);
    setTrustKey(null);
    setNeedsKey(false);
    setAskCode(false);
    setCode('');
    if (!file) return;
    if (file.size > 2 * 1024 * 1024) return setError({ code: 'payload_too_large', message: `${file.name} is ${file.size} bytes; a profile is at most 2 MB.`, hint: 'Choose the profile file the platform team sent.' });
    const content = await file.text();
    setText(content);
    await inspect(content, null);
  };

  const readKey = async (file: File | undefined) => {
    if (!file || !text) return;
    if (file.size > 256 * 1024) return setError({ code: 'payload_too_large', message: `${file.name} is ${file.size} bytes; a public key file is a few hundred.`, hint: "Choose the platform's public key file (a JWK)." });
    const key = await file.text();
    setTrustKey(key);
    await inspect(text, key);
  };

  const importIt = async () => {
    if (!text || !inspection) return;
    setBusy(true);
    const trust = inspection.trust !== 'first-use' ? {} : trustKey !== null ? { trustKey } : { acceptFingerprint: inspection.keyFingerprint };
    const r = await safeCall(() => api.settings.importProfile({ text, ...trust, ...(askCode && code.trim() ? { code: code.trim() } : {}) }));
    setBusy(false);
    setCode('');
    if (!r.ok) {
      // A protected setting in a re-import: ask for the code, then import again.
      if (r.error.code === 'step_up_required') setAskCode(true);
      return setError(r.error);
    }
    setError(null);
    setInspection(null);
    setText(null);
    setTrustKey(null);
    announce(`Platform profile for ${r.value.inspection.engineer.name} imported.`);
    void refreshAttention();
    onImported();
  };

  return { inspection, confirmed, setConfirmed, askCode, code, setCode, error, busy, trustKey, needsKey, read, readKey, importIt, cancel: () => setInspection(null) };
}
