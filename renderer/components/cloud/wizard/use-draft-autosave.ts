import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { CloudKind } from '../../../../shared/domain/cloud.js';
import { looksLikeCredential } from '../../../../shared/domain/secret-shapes.js';
import type { WizardDraft } from '../../../../shared/ipc/drafts.js';
import { api, safeCall } from '../../../api.js';
import type { CloudUi } from '../clouds/types.js';
import { hasProgress } from './wizard-progress.js';
import type { WizardState } from './wizard-state.js';

const SAVE_DELAY_MS = 300;

/** The part of the wizard a draft keeps: never a secret field, never "busy" or an error. */
export function toDraft<C extends CloudKind>(ui: CloudUi<C>, s: WizardState<C>): WizardDraft {
  const secrets = new Set(ui.targetFields.filter((f) => f.secret).map((f) => f.name));
  // Never a secret field, and never a value shaped like a credential (a token pasted into the wrong field).
  const target = Object.fromEntries(Object.entries(s.target).filter(([k, v]) => !secrets.has(k) && v !== '' && !looksLikeCredential(v)));
  // A verified secret lives in main for this run only: a draft read after a restart must ask again.
  const secretNeeded = secrets.size > 0 && (s.secretNeeded || s.identity !== null);
  return { cloud: s.cloud, step: s.step, target, method: s.method, identity: s.identity, permissions: s.permissions, enumeration: s.enumeration, secretNeeded };
}

/**
 * Keep the wizard's progress in main as it changes (debounced), so navigation, a crash or a
 * restart loses nothing. Returns when it was last kept, and any failure to keep it, for the footer.
 */
export function useDraftAutosave<C extends CloudKind>(orgId: string, ui: CloudUi<C>, state: WizardState<C>, enabled: boolean) {
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const draft = enabled && hasProgress(state) ? toDraft(ui, state) : null;
  const key = draft ? JSON.stringify(draft) : null;
  const last = useRef<string | null>(null);
  const pending = useRef<{ key: string; draft: WizardDraft } | null>(null);
  const stopped = useRef(false);
  pending.current = !stopped.current && key !== null && draft !== null && key !== last.current ? { key, draft } : null;

  const save = useEffectEvent((p: { key: string; draft: WizardDraft }) =>
    safeCall(() => api.drafts.save({ orgId, draft: p.draft })).then((r) => {
      if (r.ok) {
        last.current = p.key;
        setSavedAt(r.value.updatedAt);
        setFailed(null);
      } else setFailed(r.error.message);
    }),
  );

  useEffect(() => {
    const p = pending.current;
    if (!p) return;

    const timer = setTimeout(() => {
      if (!stopped.current) void save(p);
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
    // `key` is the draft's content: saving again only when it changed.
  }, [key, orgId]);

  // Leaving the screen inside the delay still keeps the last keystroke.
  useEffect(
    () => () => {
      if (pending.current) void save(pending.current);
    },
    [],
  );
  /** After a discard or a save: nothing more is kept, not even a keystroke still waiting. */
  const stop = () => {
    stopped.current = true;
    pending.current = null;
  };
  return { savedAt, failed, stop };
}
