import type { CloudOut } from '../../../../shared/ipc/cloud-types.js';

export type BatchCloud = 'aws' | 'azure' | 'gcp';

/** A checked list, ready to run: one cloud's targets, tagged, so no cast is needed to start it. */
export type Parsed =
  | { cloud: 'aws'; targets: CloudOut<'aws'>['targetIn'][] }
  | { cloud: 'azure'; targets: CloudOut<'azure'>['targetIn'][] }
  | { cloud: 'gcp'; targets: CloudOut<'gcp'>['targetIn'][] };

export interface Checked {
  readonly parsed: Parsed;
  readonly problems: readonly { line: number; value: string; problem: string }[];
  readonly skipped: readonly string[];
  readonly roleName: string | null;
}

const accountOf = (t: Parsed['targets'][number]): string => (t.cloud === 'aws' ? (/::(\d{12}):/.exec(t.roleArn)?.[1] ?? t.roleArn) : t.cloud === 'azure' ? t.subscriptionId : t.projectId);

/** Only the targets whose account is in `keep`, still tagged by cloud. */
export function only(parsed: Parsed, keep: ReadonlySet<string>): Parsed {
  switch (parsed.cloud) {
    case 'aws':
      return { cloud: 'aws', targets: parsed.targets.filter((t) => keep.has(accountOf(t))) };
    case 'azure':
      return { cloud: 'azure', targets: parsed.targets.filter((t) => keep.has(accountOf(t))) };
    case 'gcp':
      return { cloud: 'gcp', targets: parsed.targets.filter((t) => keep.has(accountOf(t))) };
  }
}

export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
