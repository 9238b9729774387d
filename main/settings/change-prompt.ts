import { createHash } from 'node:crypto';
import { SETTING_CLASSES } from '../../shared/settings-schema.js';
import type { SettingChange } from '../settings.js';

/** What main shows before a trust decision changes: built here from the change alone, never from the caller. */
export interface ChangePrompt {
  readonly title: string;
  readonly message: string;
  readonly detail: string;
}

/** Asks the person at this transport to confirm a change main describes (a native dialog, the terminal). */
export type ConfirmChange = (prompt: ChangePrompt) => Promise<boolean>;

const SHOWN_IN_FULL = 600;

/** A value as it can be read safely: control and bidi characters made visible, long values fingerprinted. */
export function shownValue(value: string | undefined): string {
  if (value === undefined) return '(not set)';
  // eslint-disable-next-line no-control-regex -- making control characters visible is the point
  const visible = value.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  if (visible.length <= SHOWN_IN_FULL) return visible;
  const digest = createHash('sha256').update(value).digest('hex').slice(0, 16);
  return `${visible.slice(0, SHOWN_IN_FULL)}… (${value.length} characters in all, sha256 ${digest}…)`;
}

export function changePrompt(change: SettingChange): ChangePrompt {
  const { def } = change;
  return {
    title: 'Confirm a change to a protected setting',
    message: `Change ${def.label}?`,
    detail: [
      `${def.name} is ${SETTING_CLASSES[def.class]}.`,
      '',
      `Now: ${shownValue(change.before)}${change.before !== undefined ? ` [${change.beforeSource}]` : ''}`,
      `New: ${change.after === undefined ? `(removed from Settings${def.defaultValue !== undefined ? `; the default ${shownValue(def.defaultValue)} applies` : ''})` : shownValue(change.after)}`,
      '',
      'Only go on if you asked for this change yourself. Your step-up code is checked next.',
    ].join('\n'),
  };
}
