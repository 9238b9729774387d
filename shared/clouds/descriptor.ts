import type { SettingDefFor } from '../setting-def.js';

/**
 * What a cloud is, once: its kind, words, credential-key form, whether it holds a secret, whether
 * many of its accounts connect in one run, and its CLI flags. Every list in the contract, the CLI
 * and the window derives from the descriptors in `index.ts`; see docs/adding-a-cloud.md.
 */
export interface CloudDescriptor<Kind extends string = string> {
  readonly kind: Kind;
  /** The cloud's name for people ("Google Cloud"). */
  readonly label: string;
  /** How AlphaSwarm gets in, in a line (the wizard's cloud card). */
  readonly authMethod: string;
  /** What names a further connection in its CredentialKey: `org:<org_id>/<qualifier>:<id>`. */
  readonly qualifier: string;
  /** What one connection is ("AWS account"). */
  readonly noun: string;
  /**
   * The secret a connection carries, if any (stored encrypted, read for health, never shown):
   * what it is called ("token"). Null for a federated cloud, which holds none.
   */
  readonly secret: { readonly noun: string } | null;
  /** Whether "connect many" takes a list of this cloud's accounts. */
  readonly connectMany: boolean;
  /** The cloud's settings (identity, endpoints), in the order Settings shows them. */
  readonly settings: readonly SettingDefFor<string>[];
  readonly cli: CloudCli;
}

/** One CLI flag that fills one field of a channel's input. */
export interface CliField {
  readonly flag: string;
  /** The input field it fills. */
  readonly field: string;
  /**
   * `stdin`: a secret, read from standard input when the flag is given — never taken as an
   * argument (it would stay in shell history), so `--<field>` itself is refused.
   */
  readonly type: 'string' | 'boolean' | 'stdin';
  /** How usage shows its value (`<arn>`); none for a boolean. */
  readonly value?: string;
  /** Set when the flag is required: the error when it is missing. */
  readonly missing?: string;
}

export interface CloudCli {
  /** Steps 3–5: the flags that name what is connected, in usage order. */
  readonly target: readonly CliField[];
  /** Step 2: optional flags that make commands and links concrete. */
  readonly bootstrap: readonly CliField[];
}

/** A descriptor, its literal values kept (so `kind` stays `'aws'`, not `string`). */
export function defineCloud<const D extends CloudDescriptor>(descriptor: D): D {
  return descriptor;
}
