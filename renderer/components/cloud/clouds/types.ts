import type { ReactNode } from 'react';
import type { CloudKind } from '../../../../shared/domain/cloud.js';

export type TargetValues = Record<string, string>;

/** What the wizard needs to know about one cloud; one file per cloud, like the providers. */
export interface CloudUi {
  readonly cloud: CloudKind;
  /** Step 2 key facts above the artifacts. */
  bootstrapFacts(bootstrap: Record<string, unknown>): readonly (readonly [string, ReactNode])[];
  /** Console or consent links from step 2, opened by main in the system browser. */
  bootstrapLinks(bootstrap: Record<string, unknown>): readonly { label: string; url: string }[];
  /** Target fields that can already be given in step 2 to make its commands concrete (optional there). */
  readonly bootstrapFields: readonly string[];
  /** Choices in step 2 that change the artifacts (e.g. how wide a binding is). */
  readonly bootstrapOptions: readonly BootstrapOption[];
  /** Step 3 inputs. */
  readonly targetFields: readonly TargetField[];
  /** Instant feedback while typing; main validates again. */
  targetProblems(values: TargetValues): Record<string, string | undefined>;
  /** The channel payload for steps 3–5. */
  toPayload(orgId: string, values: TargetValues): Record<string, unknown>;
  identityFacts(identity: Record<string, unknown>): readonly (readonly [string, ReactNode])[];
  readonly enumerateLabel: string;
  Enumeration(props: { value: Record<string, unknown> }): ReactNode;
  /** What step 5 will store, for the summary. */
  recordPreview(bootstrap: Record<string, unknown> | null, identity: Record<string, unknown>, values: TargetValues): readonly (readonly [string, ReactNode])[];
}

export interface TargetField {
  readonly name: string;
  readonly label: string;
  readonly placeholder?: string;
  readonly help: string;
  readonly optional?: boolean;
  /** Typed into a password field, sent once with "Validate identity", then cleared from the page. */
  readonly secret?: boolean;
  /** A yes/no input (stored as "true" or ""). */
  readonly checkbox?: boolean;
}

export interface BootstrapOption {
  readonly name: string;
  readonly label: string;
  readonly choices: readonly { value: string; label: string; help: string }[];
}
