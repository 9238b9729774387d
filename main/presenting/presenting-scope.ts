import { z } from 'zod';
import { AppError } from '../../shared/domain/errors.js';
import { PLATFORM_ORG_ID } from '../../shared/domain/org-id.js';

/**
 * Presenting mode ("On a call with <org>") at the one place data leaves main for the window: what
 * a call may name, how an open filter is narrowed, and what of its answer the window may see.
 * Filtering here, not in the renderer, means no other customer's data ever reaches the page.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The orgs a payload names: its `orgId` and each of its `orgIds`. */
function orgsNamed(input: unknown): { orgId: string | null; orgIds: readonly string[] | null } {
  if (!isRecord(input)) return { orgId: null, orgIds: null };
  const orgId = typeof input.orgId === 'string' ? input.orgId : null;
  const orgIds = Array.isArray(input.orgIds) ? input.orgIds.filter((o): o is string => typeof o === 'string') : null;
  return { orgId, orgIds };
}

/** Reading or importing a platform profile: its answer lists (and its import changes) every org. */
const PROFILE_CHANNELS = new Set(['settings:inspectProfile', 'settings:importProfile', 'platform:refreshProfile']);

/**
 * Changes that apply to every organisation on the laptop (a setting, a key, the vault) or put a
 * secret on screen (a new authenticator's QR code): not while one customer watches. Their
 * confirmations are main's own dialogs, which show what changes in full (folders with the OS user name).
 */
const LAPTOP_WIDE_CHANNELS = new Set(['settings:set', 'settings:unset', 'settings:importSecret', 'settings:resetVault', 'mfa:beginEnrollment', 'mfa:confirmEnrollment', 'outbox:flush']);

/** The step-up code itself: granting the platform tenant reveals nothing, and its calls are checked on their own. */
const STEP_UP_CHANNEL = 'mfa:verify';

/**
 * Why a call naming another org is refused while presenting `org`, or null. The platform tenant
 * may be named only as the step-up tenant of a call that carries exactly the presented org (an
 * export or a send from its page), and in the step-up code that grants it.
 */
export function presentingRefusal(channel: string, input: unknown, org: string): AppError | null {
  // A profile assigns and drops orgs, every customer's at once: not while one customer watches.
  if (PROFILE_CHANNELS.has(channel)) {
    return new AppError('precondition_failed', `The window is presenting ${org}, and a platform profile speaks for every organisation on this laptop: it is not read or imported while presenting.`, 'Leave presenting mode (the "Leave" button in the header), then import or refresh the profile; nothing was changed.', {
      details: { presenting: org },
    });
  }
  if (LAPTOP_WIDE_CHANNELS.has(channel)) {
    return new AppError('precondition_failed', `The window is presenting ${org}: settings, keys, the vault, step-up enrolment and the outbox apply to every organisation on this laptop (and their confirmations show folders and codes in full), so they are not changed or sent while presenting.`, 'Leave presenting mode (the "Leave" button in the header) or stop sharing your screen, make the change, then present again; nothing was changed.', {
      details: { presenting: org },
    });
  }
  const { orgId, orgIds } = orgsNamed(input);
  const others = (orgIds ?? []).filter((o) => o !== org);
  const carriesOnlyOrg = orgIds !== null && orgIds.length > 0 && others.length === 0;
  const stepUpTenant = orgId === PLATFORM_ORG_ID && (carriesOnlyOrg || (channel === STEP_UP_CHANNEL && orgIds === null));
  if (others.length === 0 && (orgId === null || orgId === org || stepUpTenant)) return null;
  return new AppError('precondition_failed', `The window is presenting ${org}, so it does not open or change another organisation.`, `Leave presenting mode (the "Leave" button in the header) first; nothing was changed.`, {
    details: { presenting: org },
  });
}

/** An open org filter (a list for every org) narrowed to the presented org, when the channel takes one. */
export function scopeInput<S extends z.ZodType>(schema: S, input: z.output<S>, org: string): z.output<S> {
  if (!isRecord(input) || input.orgId !== undefined) return input;
  const narrowed = z.safeParse(schema, { ...input, orgId: org });
  return narrowed.success ? narrowed.data : input;
}

/** Keys whose string lists name orgs (a profile's orgs, an export's, a send's). */
const ORG_LIST_KEYS = new Set(['orgIds', 'orgs', 'addedOrgs', 'removedOrgs', 'changedExternalIds', 'changedAzureApps', 'changedRoleNames']);

/**
 * An answer as the presenting window may see it: every list of org-owned items keeps the presented
 * org's alone (items of no org, such as device-wide audit rows, are dropped too), every list of org
 * ids keeps only it, and the texts in `hidden` (the data folder, the home folder: they carry the OS
 * user name) read as their stand-ins.
 */
export function scopeOutput<T>(value: T, org: string, hidden: readonly (readonly [string, string])[], patterns: readonly TextRule[] = []): T {
  const walk = (v: unknown, key: string | null): unknown => {
    if (typeof v === 'string') return hideText(v, hidden, patterns);
    if (Array.isArray(v)) {
      if (key !== null && ORG_LIST_KEYS.has(key) && v.every((x) => typeof x === 'string')) return v.filter((x) => x === org);
      // An item of one org (orgId) or of several (orgIds, an outbox send) is kept only when it is the presented org's.
      return v.filter((x) => !isRecord(x) || (('orgId' in x ? x.orgId === org : true) && (Array.isArray(x.orgIds) ? x.orgIds.includes(org) : true))).map((x) => walk(x, null));
    }
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value, null) as T;
}

/** A rule for free text: what it finds, and what it reads as instead (a function decides per match). */
export type TextRule = readonly [RegExp, string | ((match: string) => string)];

/** A name as it compares: compatibility forms, accents, case and "ß" folded, so every spelling of one name is one. */
function folded(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss').normalize('NFC');
}

/** The spellings a name can take in text: as written, composed, upper and lower case, without accents, "ß" as "ss". */
function spellings(name: string): string[] {
  const forms = [name, name.normalize('NFC'), name.toUpperCase(), name.toLowerCase(), name.normalize('NFKD').replace(/\p{M}/gu, ''), name.replace(/ß/g, 'ss')];
  return [...new Set(forms.map((f) => f.normalize('NFC')))];
}

/**
 * Free text (a hint, a refusal reason, a profile change) can name another org: its id and display
 * name, in any of their spellings, read as "another organisation". The presented org's own id and
 * name are found by the same pattern and left as they are, so "corp", another org's id, is hidden
 * everywhere except inside "Acme Corp" on the call. Single characters are never hidden: they would
 * garble every sentence.
 */
export function otherOrgsHidden(others: readonly { readonly orgId: string; readonly displayName: string }[], presented: { readonly orgId: string; readonly displayName: string }): TextRule[] {
  const own = new Set([presented.orgId, presented.displayName].map(folded));
  const names = [...new Set(others.flatMap((o) => [o.orgId, o.displayName]))].filter((n) => n.trim().length > 1 && !own.has(folded(n)));
  if (names.length === 0) return [];
  const all = [...new Set([...names, presented.orgId, presented.displayName].flatMap(spellings))].filter((n) => n.trim().length > 1);
  const escaped = all.sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // Bounded by letters and digits only: an id inside "alphaswarm-broker-globex" or "org_globex" is still that org.
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return [[pattern, (match) => (own.has(folded(match)) ? match : 'another organisation')]];
}

function hideText(text: string, hidden: readonly (readonly [string, string])[], patterns: readonly TextRule[] = []): string {
  // Composed first: a name written with combining accents is the same name.
  let out = patterns.length ? text.normalize('NFC') : text;
  for (const [pattern, standIn] of patterns) out = typeof standIn === 'string' ? out.replace(pattern, standIn) : out.replace(pattern, (m: string) => standIn(m));
  // Longest first: the data folder usually sits inside the home folder.
  for (const [shown, standIn] of [...hidden].sort((a, b) => b[0].length - a[0].length)) {
    if (shown.length > 1) out = out.split(shown).join(standIn);
  }
  return out;
}

/**
 * While presenting, the window sees hidden folders as stand-ins ("<data folder>", "~"). A value sent
 * back that carries one would save the stand-in instead of the folder: refused, before anything else.
 */
export function standInRefusal(input: unknown, hidden: readonly (readonly [string, string])[]): AppError | undefined {
  const standIns = hidden.map(([, standIn]) => standIn);
  const carries = (v: unknown): boolean => {
    if (typeof v === 'string') return standIns.some((s) => v === s || v.startsWith(`${s}/`) || v.startsWith(`${s}\\`) || (s.startsWith('<') && v.includes(s)));
    if (Array.isArray(v)) return v.some(carries);
    if (isRecord(v)) return Object.values(v).some(carries);
    return false;
  };
  if (!carries(input)) return undefined;
  return new AppError('bad_request', 'While presenting, folder paths are shown as stand-ins ("<data folder>", "~"), so a value with one cannot be saved: nothing was changed.', 'Leave presenting mode, then change it with the folder shown in full.', {
    details: { reason: 'presenting_stand_in' },
  });
}
