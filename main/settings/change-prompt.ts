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

import { LONGEST_SHOWN_VALUE } from '../../shared/setting-def.js';

export { LONGEST_SHOWN_VALUE };

/**
 * What a protected value may show as itself: printable ASCII. A protected value is a command, a path,
 * a URL, a key or an id, and everything else is how a change hides — a lookalike letter in a host
 * name (Cyrillic "с" in api.сloudflare.com), a character that draws as blank (U+2800, U+3164),
 * a control, bidi or zero-width character, a combining mark. Each is shown as its code point.
 */
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/gu;

/**
 * In a person's name, letters of every script are expected; what can still hide or fake text is
 * shown as its code point: controls, format and default-ignorable characters, separators, every
 * whitespace but the space, blank-looking characters (Hangul fillers, braille blank, object
 * replacement), private-use characters, unassigned code points and lone surrogates.
 */
const HIDING_IN_A_NAME = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}\p{Default_Ignorable_Code_Point}\u2800\u3164\u115f\u1160\uffa0\ufffc\u{1d159}]|(?! )\s/gu;

const codePoint = (c: string) => `\\u{${c.codePointAt(0)!.toString(16)}}`;
const markSpaceRuns = (text: string) => text.replace(/ {2,}/g, (run) => ` ␠×${run.length} `);

/** Characters per line of a shown value: short enough that no dialog, page or 80-column terminal wraps it. */
const LINE = 64;
/** Where a value goes on: a continuation no value can fake, since a value never holds a line break. */
const CONTINUED = '\n    │ ';

/**
 * A long value in lines of at most LINE characters, each continuation marked, never splitting an
 * escape: left to wrap, a value could draw a second "New: …" line of its own that reads as main's.
 */
function inLines(visible: string): string {
  const units = visible.match(/\\u\{[0-9a-f]+\}|[^]/gu) ?? [];
  const lines: string[] = [''];
  for (const unit of units) {
    if (lines.at(-1)!.length + unit.length > LINE) lines.push('');
    lines[lines.length - 1] += unit;
  }
  return lines.join(CONTINUED);
}

/**
 * A value as it can be read safely: every character outside printable ASCII and every run of spaces
 * shown as what it is, in marked lines that never wrap.
 */
export function shownValue(value: string | undefined): string {
  if (value === undefined) return '(not set)';
  const visible = inLines(markSpaceRuns(value.replace(NOT_PRINTABLE_ASCII, codePoint)));
  if (value.length <= LONGEST_SHOWN_VALUE) return visible;
  // Only reached for what is not a protected setting's value (those are refused first): never cut silently.
  const digest = createHash('sha256').update(value).digest('hex').slice(0, 16);
  return `${visible.slice(0, LONGEST_SHOWN_VALUE)}… (${value.length} characters in all, sha256 ${digest}…)`;
}

/** A person's name or address as it can be read safely: its letters as they are, anything that hides shown as its code point. */
export function shownName(value: string): string {
  const shown = markSpaceRuns(value.replace(HIDING_IN_A_NAME, codePoint));
  // In marked lines too: a long name left to wrap could start a line that reads as main's own text.
  return inLines(shown.length <= 200 ? shown : `${shown.slice(0, 200)}… (${value.length} characters in all)`);
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

/** One org's own AWS role name: named in the trust policy and artifacts its customer runs. */
export function orgRoleNamePrompt(p: { orgId: string; before: string; beforeSource: string; after: string | undefined; pattern: string }): ChangePrompt {
  return {
    title: 'Confirm a change to a protected setting',
    message: `Change the AWS role name of ${shownValue(p.orgId)}?`,
    detail: [
      `The role name of an organisation is ${SETTING_CLASSES.identity}.`,
      '',
      `Now: ${shownValue(p.before)} [${p.beforeSource}]`,
      `New: ${p.after === undefined ? `(the pattern again: ${shownValue(p.pattern)})` : shownValue(p.after)}`,
      '',
      'Only go on if you asked for this change yourself. Your step-up code is checked next.',
    ].join('\n'),
  };
}

/**
 * Importing a profile that pins its key for the first time, or that sets or changes a setting that
 * is not a preference: every setting it carries, by name and value, the changed ones marked.
 */
export function profileImportPrompt(p: {
  trust: 'trusted' | 'first-use';
  keyFingerprint: string;
  engineer: { name: string; email: string };
  orgIds: readonly string[];
  settings: Readonly<Record<string, string>>;
  previous: Readonly<Record<string, string>>;
  changed: readonly string[];
  roleChanges: readonly { orgId: string; before: string | undefined; after: string | undefined }[];
  /** Orgs with Azure connections moved to another Entra app: client ids before and after. */
  azureAppChanges?: readonly { orgId: string; before: string; after: string }[];
  /** Set when the profile is for someone other than the engineer of the profile in use. */
  previousEngineer?: { name: string; email: string } | undefined;
  /** Set when no profile was ever imported here: the app has acted as this computer's user until now. */
  firstEngineer?: boolean | undefined;
}): ChangePrompt {
  const names = [...new Set([...Object.keys(p.settings), ...p.changed])].sort();
  const roleLines = p.roleChanges.map(
    (r) => `- ${shownName(r.orgId)}: ${r.after === undefined ? 'no role name of its own (Settings or the pattern decide)' : shownValue(r.after)} (was ${r.before === undefined ? 'none from a profile' : shownValue(r.before)})  (changes; protected)`,
  );
  const appLines = (p.azureAppChanges ?? []).map((a) => `- ${shownName(a.orgId)}: ${shownValue(a.before)} → ${shownValue(a.after)}  (changes; protected)`);
  const lines = names.map((name) => {
    const now = p.settings[name];
    const mark = p.changed.includes(name) ? '  (changes; protected)' : '';
    if (now === undefined) return `- ${name}: removed (was ${shownValue(p.previous[name])})${mark}`;
    const was = p.previous[name];
    return `- ${name} = ${shownValue(now)}${was !== undefined && was !== now ? ` (was ${shownValue(was)})` : ''}${mark}`;
  });
  return {
    title: p.trust === 'first-use' ? 'Trust a platform key' : 'Confirm a platform profile',
    message: p.trust === 'first-use' ? 'Trust this key to sign your platform profiles from now on, and import its profile?' : 'Import this platform profile? It changes protected settings.',
    detail: [
      `Fingerprint: ${p.keyFingerprint}${p.trust === 'first-use' ? ' (not trusted yet: it is pinned by this import)' : ' (already trusted)'}`,
      `Profile for: ${shownName(p.engineer.name)} <${shownName(p.engineer.email)}>${p.previousEngineer ? `\n  (was ${shownName(p.previousEngineer.name)} <${shownName(p.previousEngineer.email)}>: every later audit row names the new engineer; protected)` : ''}${p.firstEngineer ? "\n  (the first platform profile here: the app has acted as this computer's user until now; every later audit row, bundle and delivery names this engineer; protected)" : ''}`,
      `It assigns ${p.orgIds.length} organisation${p.orgIds.length === 1 ? '' : 's'}.`,
      names.length ? `Settings:\n${lines.join('\n')}` : 'It sets no settings.',
      ...(roleLines.length ? [`AWS role names (the role AlphaSwarm assumes in each org's accounts):\n${roleLines.join('\n')}`] : []),
      ...(appLines.length ? [`Azure apps (client id) of orgs with Azure connections: each moves to the new app, whose credential, consent and roles the customer must have:\n${appLines.join('\n')}`] : []),
      '',
      p.trust === 'first-use'
        ? 'Only go on if this fingerprint is the one the platform team gave you: every later profile must be signed by this key. Your step-up code is checked next.'
        : 'Only go on if you asked for this profile yourself. Your step-up code is checked next.',
    ].join('\n'),
  };
}

/** Storing the external-id HMAC key: it decides every AWS external id. Its fingerprint, never the key. */
export function secretImportPrompt(p: { name: string; fingerprint: string; replaces: boolean }): ChangePrompt {
  return {
    title: 'Confirm a change to a protected setting',
    message: `${p.replaces ? 'Replace' : 'Store'} ${p.name}?`,
    detail: [
      `${p.name} is ${SETTING_CLASSES.secret}: it decides the external id of every AWS connection made without a profile.`,
      '',
      `Key fingerprint: ${shownValue(p.fingerprint)}${p.replaces ? ' (replaces the stored key)' : ''}`,
      '',
      'Only go on if you asked for this change yourself. Your step-up code is checked next.',
    ].join('\n'),
  };
}

/** Replacing the step-up MFA seed: every later code comes from whoever scans the new entry. */
export function mfaReplacePrompt(): ChangePrompt {
  return {
    title: 'Replace step-up MFA',
    message: "Replace this laptop's step-up MFA with a new authenticator entry?",
    detail: [
      'Every step-up code is checked against this entry: whoever scans the new QR code approves connections, disconnections, bundle exports and protected settings from then on.',
      'The current entry keeps working until a code from the new one is confirmed.',
      '',
      'Only go on if you asked for this yourself. Your current code is checked next.',
    ].join('\n'),
  };
}
