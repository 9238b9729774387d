import type { ReactNode } from 'react';
import type { CloudKind } from '../../../../shared/domain/cloud.js';
import type { CloudOut } from '../../../../shared/ipc/cloud-types.js';

export type TargetValues = Readonly<Record<string, string>>;
export type FactRows = readonly (readonly [string, ReactNode])[];

type Out<C extends CloudKind> = CloudOut<C>;

/** What the wizard needs to know about one cloud; one file per cloud, like the providers. */
export interface CloudUi<C extends CloudKind> {
  readonly cloud: C;
  /** Step 2 key facts above the artifacts. */
  bootstrapFacts(bootstrap: Out<C>['bootstrap']): FactRows;
  /** Console or consent links from step 2, opened by main in the system browser. */
  bootstrapLinks(bootstrap: Out<C>['bootstrap']): readonly { label: string; url: string }[];
  /** Target fields that fill step 2's commands as they are typed (optional there). */
  readonly bootstrapFields: readonly string[];
  /** Choices in step 2 that change the artifacts (e.g. how wide a binding is). */
  readonly bootstrapOptions: readonly BootstrapOption[];
  /** Step 2 inputs step 3 does not take (a management group), each shown while its option is chosen. */
  readonly bootstrapOnlyFields?: readonly (TargetField & { readonly when?: { readonly option: string; readonly value: string } })[];
  /** Step 3 inputs. */
  readonly targetFields: readonly TargetField[];
  /** Instant feedback while typing; main validates again. */
  targetProblems(values: TargetValues): Record<string, string | undefined>;
  /** The channel payload for step 2. */
  toBootstrapPayload(orgId: string, values: TargetValues): Out<C>['bootstrapIn'];
  /** The channel payload for steps 3–5. */
  toPayload(orgId: string, values: TargetValues): Out<C>['targetIn'];
  identityFacts(identity: Out<C>['identity']): FactRows;
  readonly enumerateLabel: string;
  Enumeration(props: { value: Out<C>['enumeration'] }): ReactNode;
  /** What step 5 will store, in words. */
  recordPreview(bootstrap: Out<C>['bootstrap'] | null, identity: Out<C>['identity'], values: TargetValues): FactRows;
}

export interface TargetField {
  readonly name: string;
  readonly label: string;
  readonly placeholder?: string;
  readonly help: string;
  readonly optional?: boolean;
  /** Typed into a password field, sent once with "Validate identity", then cleared; never drafted. */
  readonly secret?: boolean;
  /** A yes/no input (stored as "true" or ""). */
  readonly checkbox?: boolean;
}

export interface BootstrapOption {
  readonly name: string;
  readonly label: string;
  readonly choices: readonly { value: string; label: string; help: string }[];
}

/** A value that came back from main for cloud `C`: narrowed by its `cloud` tag, never cast. */
export function isFor<C extends CloudKind, T extends { cloud: CloudKind }>(cloud: C, value: T): value is Extract<T, { cloud: C }> {
  return value.cloud === cloud;
}
