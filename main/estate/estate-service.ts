import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { classifyEstate, unknownInSelection } from '../../shared/domain/estate.js';
import { AppError } from '../../shared/domain/errors.js';
import type { estateConnectInput, estateConnectOutput, estateScanInput, estateScanOutput } from '../../shared/ipc/estate.js';
import { EMPTY_SELECTION } from '../../shared/ipc/estate-schemas.js';
import type { BatchConnectService } from '../onboarding/batch-connect.js';
import type { OnboardingService } from '../onboarding/onboarding-service.js';
import type { Clock } from '../platform/clock.js';
import { isoAt } from '../platform/clock.js';
import type { OrganizationTree } from '../providers/cloud-aws.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { EstateScanStore } from './scan-store.js';
import type { EstateSelectionStore } from './selection-store.js';

type ScanInput = z.output<typeof estateScanInput>;
type ScanOutput = z.input<typeof estateScanOutput>;
type ConnectInput = z.output<typeof estateConnectInput>;
type ConnectOutput = z.input<typeof estateConnectOutput>;

/** A scan is kept this long for a connect run to follow it (the window's tree, then one step-up). */
export const SCAN_TTL_MS = 30 * 60_000;
const MAX_SCANS = 16;

interface Scan {
  readonly id: string;
  readonly orgId: string;
  readonly at: number;
  readonly tree: OrganizationTree;
}

interface Plan {
  readonly targets: { cloud: 'aws'; orgId: string; roleArn: string; region: string; partition: OrganizationTree['partition'] }[];
  readonly skipped: ConnectOutput['skipped'];
}

/**
 * The customer's whole estate: read the organization's tree through the org's management-account
 * connection, compare it with what is connected under the org's selection, and connect the
 * selected accounts through the "connect many" run (each saved as its own connection).
 */
export class EstateService {
  private readonly scans = new Map<string, Scan>();

  constructor(
    private readonly providers: ProviderRegistry,
    private readonly onboarding: OnboardingService,
    private readonly batches: BatchConnectService,
    private readonly selections: EstateSelectionStore,
    private readonly lastScans: EstateScanStore,
    private readonly clock: Clock,
    private readonly concurrency: () => number,
  ) {}

  /** The org's management-account connection (its primary AWS one), or why there is none. */
  management(orgId: string) {
    const primary = this.onboarding.primaryOf('aws', orgId);
    if (!primary) {
      throw new AppError(
        'precondition_failed',
        `${orgId} has no AWS connection yet, so AlphaSwarm cannot read its organization.`,
        "Connect the organization's management account first (it is the one that may read the organization), then scan the estate.",
      );
    }
    return primary;
  }

  private connectedAccounts(orgId: string): Set<string> {
    return new Set(this.onboarding.list(orgId).connections.filter((c) => c.cloud === 'aws').map((c) => c.identifier));
  }

  async scan(input: ScanInput, signal: AbortSignal): Promise<ScanOutput> {
    const tree = await this.providers.of('aws').organizationTree(this.management(input.orgId), this.concurrency(), signal);
    const saved = this.selections.get(input.orgId, input.cloud);
    const selection = input.selection ?? saved?.selection ?? EMPTY_SELECTION;
    const scan: Scan = { id: randomUUID(), orgId: input.orgId, at: this.clock.now(), tree };
    this.remember(scan);
    const connected = this.connectedAccounts(input.orgId);
    const { entries, counts } = classifyEstate(tree.root, selection, connected, tree.managementAccountId, tree.instances);
    // Only the org's own selection counts for Health: a previewed one is not what the engineer chose.
    if (!input.selection) this.lastScans.record({ orgId: input.orgId, cloud: input.cloud, scannedAt: isoAt(this.clock), total: counts.total, newIds: entries.filter((e) => e.state === 'new').map((e) => e.id) });
    return {
      cloud: input.cloud,
      orgId: input.orgId,
      scanId: scan.id,
      scannedAt: isoAt(this.clock),
      scope: { id: tree.organizationId, name: `AWS Organization ${tree.organizationId}` },
      root: tree.root,
      managementAccountId: tree.managementAccountId,
      roleName: tree.roleName,
      stackSet: tree.stackSet,
      entries,
      connectedAccounts: [...connected].sort(),
      counts,
      selection,
      selectionSource: input.selection ? 'given' : saved ? 'saved' : 'none',
      unknownInSelection: unknownInSelection(tree.root, selection),
    };
  }

  private remember(scan: Scan): void {
    for (const [id, old] of this.scans) if (this.clock.now() - old.at > SCAN_TTL_MS) this.scans.delete(id);
    this.scans.set(scan.id, scan);
    while (this.scans.size > MAX_SCANS) this.scans.delete(this.scans.keys().next().value!);
  }

  private scanOf(orgId: string, scanId: string): Scan {
    const scan = this.scans.get(scanId);
    if (!scan || scan.orgId !== orgId || this.clock.now() - scan.at > SCAN_TTL_MS) {
      throw new AppError('precondition_failed', 'That scan of the estate is unknown or more than 30 minutes old (scans are kept in memory only).', 'Scan the estate again, then connect.');
    }
    return scan;
  }

  /**
   * What a connect run would do, checked before any code is asked for: the scan exists, every id
   * the selection names is in the organization (a typo must not widen the run), and something is
   * left to connect.
   */
  plan(input: Pick<ConnectInput, 'orgId' | 'scanId' | 'selection' | 'accounts'>): Plan {
    const { tree } = this.scanOf(input.orgId, input.scanId);
    const unknown = unknownInSelection(tree.root, input.selection);
    if (unknown.length) {
      throw new AppError('bad_request', `The organization holds no OU or account ${unknown.join(', ')}.`, 'Check the ids against the tree (estate scan lists them); nothing was connected.', { details: { unknown } });
    }
    const { entries } = classifyEstate(tree.root, input.selection, new Set(), tree.managementAccountId);
    let chosen = entries.filter((e) => e.state === 'new');
    if (input.accounts) {
      const wanted = new Set(input.accounts);
      const outside = input.accounts.filter((id) => !chosen.some((e) => e.id === id));
      if (outside.length) {
        throw new AppError('bad_request', `Not in the selected estate: ${outside.join(', ')} (excluded, suspended, the management account, or not in the organization).`, 'Choose accounts from the tree; nothing was connected.', { details: { outside } });
      }
      chosen = chosen.filter((e) => wanted.has(e.id));
    }
    if (chosen.length === 0) throw new AppError('bad_request', 'The selection leaves no account to connect.', 'Include an OU or an account; nothing was connected.');
    return {
      targets: chosen.map((e) => ({
        cloud: 'aws' as const,
        orgId: input.orgId,
        roleArn: `arn:${tree.partition}:iam::${e.id}:role/${tree.roleName}`,
        region: tree.region,
        partition: tree.partition,
      })),
      skipped: {
        suspended: entries.filter((e) => e.state === 'suspended').map((e) => e.id),
        excluded: entries.filter((e) => e.state === 'excluded').map((e) => e.id),
        management: tree.managementAccountId,
      },
    };
  }

  /** Start the run (the selection is kept for the next scan); progress and cancel are "connect many"'s. */
  connect(input: ConnectInput, actor: string): ConnectOutput {
    const plan = this.plan(input);
    this.selections.save(input.orgId, input.cloud, input.selection);
    const { runId, total } = this.batches.start(input.orgId, 'aws', plan.targets, input.concurrency ?? this.concurrency(), actor);
    return { runId, total, accounts: plan.targets.map((t) => t.roleArn.split(':')[4]!), skipped: plan.skipped };
  }

  /** Per org, how many accounts the last scan found that are still not connected: no cloud call. */
  waiting(orgId?: string): { orgId: string; cloud: 'aws'; total: number; notConnected: number; scannedAt: string }[] {
    return this.lastScans.list(orgId).flatMap((scan) => {
      if (scan.cloud !== 'aws') return [];
      const connected = this.connectedAccounts(scan.orgId);
      return [{ orgId: scan.orgId, cloud: 'aws' as const, total: scan.total, notConnected: scan.newIds.filter((id) => !connected.has(id)).length, scannedAt: scan.scannedAt }];
    });
  }
}
