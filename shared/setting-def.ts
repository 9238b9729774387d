// What a setting is, apart from the list of clouds: the descriptors (shared/clouds) and the settings
// list both read this file, so neither imports the other's module to name the type.

/**
 * Every setting is one kind of trust decision. Only a `preference` changes without step-up; every
 * other editable class changes the laptop's trust (who customers grant access to, what main runs,
 * which files it reads or writes, where credentials are sent), so the window or the CLI needs a
 * code and main shows the change itself. `secret` and `env-only` are never written to the file.
 */
export const SETTING_CLASSES = {
  /** Tuning with bounded effect (timeouts, lifetimes, concurrency): no step-up. */
  preference: 'tuning that changes no trust (timeouts, lifetimes, how many at once)',
  /** How strict step-up is: a longer window stretches every code to more changes. */
  'security-policy': 'how long one step-up code lasts (a longer window lets one code cover more changes)',
  /** Who customers are told to trust, and what the artifacts they run name. */
  identity: 'named in trust policies and artifacts customers run (who they grant access to)',
  /** What main verifies or encrypts against: swapping it hands trust to whoever holds the new key. */
  'trust-anchor': 'a key or identity main verifies or encrypts against',
  /** A command main runs. */
  executable: 'a command main runs on this laptop',
  /** A file or folder main reads from or writes to. */
  path: 'a file or folder main reads secrets from or writes exports to',
  /** A URL that receives a credential (token, signed request, assertion): https only. */
  'secret-endpoint': 'a URL that receives credentials (https only; plain http only to loopback in test mode)',
  /** Never in the settings file: environment or the encrypted store. */
  secret: 'a secret: environment or the encrypted store, never the settings file',
  /** Read only from the environment (or a managed deployment's environment), never from the file. */
  'env-only': 'read only from the environment of the process, never from the settings file or the window',
} as const;

export type SettingClass = keyof typeof SETTING_CLASSES;

/**
 * Every setting the app reads. Resolved environment first, then the platform profile, then the
 * settings file, then the default (secrets: environment, then the encrypted store, never a file).
 */
/** `Cloud`: the kinds a setting may belong to (descriptors, which define the kinds, use `string`). */
export interface SettingDefFor<Cloud extends string> {
  readonly name: string;
  /** A short label for the field. */
  readonly label: string;
  /** What it is, in words a field engineer reads on a card ("AlphaSwarm's AWS partner account id"). */
  readonly purpose: string;
  readonly cloud: Cloud | null;
  readonly group: 'identity' | 'endpoint' | 'general';
  /** Bootstrap for `cloud` is refused while this is unset. */
  readonly required: boolean;
  /** Never read from the settings file, never shown, never logged (exactly the `secret` class). */
  readonly secret: boolean;
  /** What kind of trust decision the value is; decides who may change it and how (see SETTING_CLASSES). */
  readonly class: SettingClass;
  /**
   * Env-only, yet an organisation's managed configuration may set it too: what an IT department
   * pins for every laptop (the platform's profile keys), never what a window or a file could change.
   */
  readonly managed?: boolean;
  /** A platform profile may not carry it (a trust anchor cannot be set by what it verifies). */
  readonly notInProfile?: boolean;
  readonly defaultValue?: string;
  /** An example shown as the empty field's placeholder. */
  readonly example?: string;
  /** Why a value is unacceptable, or undefined. */
  readonly problem?: (value: string) => string | undefined;
}

/** A value of a protected class longer than this is refused, not cut: main's confirmation shows every character. */
export const LONGEST_SHOWN_VALUE = 600;
