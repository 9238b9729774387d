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
import type { AzureEstateScope, EstateSelectionStore, GcpEstateScope } from './selection-store.js';
import type { EstateSelection, ScopeNode } from '../../shared/ipc/estate-schemas.js';
import type { CloudKind } from '../../shared/domain/cloud.js';

type ScanInput = z.output<typeof estateScanInput>;
type ScanOutput = z.input<typeof estateScanOutput>;
type ConnectInput = z.output<typeof estateConnectInput>;
type ConnectOutput = z.input<typeof estateConnectOutput>;

/** A scan is kept this long for a connect run to follow it (the window's tree, then one step-up). */
export const SCAN_TTL_MS = 30 * 60_000;
const MAX_SCANS = 16;

/** What a scan read: an AWS organization, an Azure management group in a tenant, or a GCP organisation or folder. */
type Read =
  | { readonly cloud: 'aws'; readonly tree: OrganizationTree }
  | { readonly cloud: 'azure'; readonly scope: AzureEstateScope; readonly root: ScopeNode; readonly ignoredItems: number }
  | { readonly cloud: 'gcp'; readonly scope: GcpEstateScope; readonly root: ScopeNode; readonly numbers: ReadonlyMap<string, string>; readonly ignoredItems: number };

type Scan = Read & {
  readonly id: string;
  readonly orgId: string;
  readonly at: number;
};

type PlannedTarget =
  | { cloud: 'aws'; orgId: string; roleArn: string; region: string; partition: OrganizationTree['partition'] }
  | { cloud: 'azure'; orgId: string; tenantId: string; subscriptionId: string }
  | { cloud: 'gcp'; orgId: string; projectId: string; projectNumber: string; poolProjectId: string; poolProjectNumber: string };

interface Plan {
  readonly cloud: 'aws' | 'azure' | 'gcp';
  readonly targets: PlannedTarget[];
  readonly accounts: string[];
  readonly skipped: ConnectOutput['skipped'];
}

const rootOf = (r: Read): ScopeNode => (r.cloud === 'aws' ? r.tree.root : r.root);
const SCOPE_WORDS = { aws: 'an AWS organization', azure: 'an Azure management group', gcp: 'a GCP organisation or folder' } as const;
const managementOf = (r: Read): string | null => (r.cloud === 'aws' ? r.tree.managementAccountId : null);

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

  private connectedAccounts(orgId: string, cloud: CloudKind): Set<string> {
    return new Set(this.onboarding.list(orgId).connections.filter((c) => c.cloud === cloud).map((c) => c.identifier.toLowerCase()));
  }

  /** The management group to read: the one given, else the one the org's estate was last connected from. */
  private azureScope(input: ScanInput): AzureEstateScope {
    const saved = this.selections.get(input.orgId, 'azure')?.azure;
    const tenantId = input.tenantId ?? saved?.tenantId;
    const managementGroupId = input.managementGroupId ?? saved?.managementGroupId;
    if (tenantId === undefined || managementGroupId === undefined) {
      throw new AppError(
        'bad_request',
        `No Azure management group is known for ${input.orgId} yet.`,
        'Name it: --tenant-id <guid> --management-group <id> (after step 2 granted the roles there: bootstrap azure --management-group). Once connected, a re-scan remembers it.',
        { field: tenantId === undefined ? 'tenantId' : 'managementGroupId' },
      );
    }
    return { tenantId, managementGroupId };
  }

  /** The organisation or folder to read and the pool's project: the ones given, else the ones the org's estate was last connected from. */
  private gcpScope(input: ScanInput): GcpEstateScope {
    const saved = this.selections.get(input.orgId, 'gcp')?.gcp;
    const parent = input.organizationId !== undefined ? `organizations/${input.organizationId}` : input.folderId !== undefined ? `folders/${input.folderId}` : saved?.parent;
    const poolProjectId = input.projectId ?? saved?.poolProjectId;
    const poolProjectNumber = input.projectNumber ?? saved?.poolProjectNumber;
    if (parent === undefined) {
      throw new AppError(
        'bad_request',
        `No GCP organisation or folder is known for ${input.orgId} yet.`,
        'Name it: --organization <number> or --folder <number> (after step 2 granted the read roles there: bootstrap gcp --organization / --folder). Once connected, a re-scan remembers it.',
        { field: 'organizationId' },
      );
    }
    if (poolProjectId === undefined || poolProjectNumber === undefined) {
      throw new AppError(
        'bad_request',
        `AlphaSwarm signs in to ${input.orgId}'s Google Cloud through the workload identity pool step 2 created, and does not know its project yet.`,
        "Give the pool's project: --project-id <id> --project-number <number> (the project where 1-create-pool.sh ran).",
        { field: 'projectId' },
      );
    }
    return { parent, poolProjectId, poolProjectNumber };
  }

  /** Before any cloud call: what the scan reads is known (an AWS management connection, an Azure group, a GCP parent and pool). */
  precheckScan(input: ScanInput): void {
    if (input.cloud === 'azure') this.azureScope(input);
    else if (input.cloud === 'gcp') this.gcpScope(input);
    else this.management(input.orgId);
  }

  private async read(input: ScanInput, signal: AbortSignal): Promise<Read> {
    if (input.cloud === 'gcp') {
      const scope = this.gcpScope(input);
      const tree = await this.providers.of('gcp').projectTree(input.orgId, { projectId: scope.poolProjectId, projectNumber: scope.poolProjectNumber }, scope.parent, this.concurrency(), signal);
      return { cloud: 'gcp', scope, root: tree.root, numbers: tree.numbers, ignoredItems: tree.ignoredItems };
    }
    if (input.cloud === 'azure') {
      const scope = this.azureScope(input);
      const tree = await this.providers.of('azure').managementGroupTree(input.orgId, scope.tenantId, scope.managementGroupId, signal);
      return { cloud: 'azure', scope, root: tree.root, ignoredItems: tree.ignoredItems };
    }
    if (input.tenantId !== undefined || input.managementGroupId !== undefined) throw new AppError('bad_request', 'A tenant and a management group are Azure\'s: an AWS organization is read through its management account.', 'Drop --tenant-id and --management-group.', { field: 'managementGroupId' });
    return { cloud: 'aws', tree: await this.providers.of('aws').organizationTree(this.management(input.orgId), this.concurrency(), signal) };
  }

  async scan(input: ScanInput, signal: AbortSignal): Promise<ScanOutput> {
    const read = await this.read(input, signal);
    const saved = this.selections.get(input.orgId, input.cloud);
    const selection: EstateSelection = input.selection ?? saved?.selection ?? EMPTY_SELECTION;
    const scan: Scan = { ...read, id: randomUUID(), orgId: input.orgId, at: this.clock.now() };
    this.remember(scan);
    const connected = this.connectedAccounts(input.orgId, input.cloud);
    const root = rootOf(read);
    const aws = read.cloud === 'aws' ? read.tree : undefined;
    const { entries, counts } = classifyEstate(root, selection, connected, managementOf(read), aws?.instances);
    // Only the org's own selection counts for Health: a previewed one is not what the engineer chose.
    if (!input.selection) this.lastScans.record({ orgId: input.orgId, cloud: input.cloud, scannedAt: isoAt(this.clock), total: counts.total, newIds: entries.filter((e) => e.state === 'new').map((e) => e.id) });
    return {
      cloud: input.cloud,
      orgId: input.orgId,
      scanId: scan.id,
      scannedAt: isoAt(this.clock),
      scope: aws
        ? { id: aws.organizationId, name: `AWS Organization ${aws.organizationId}` }
        : read.cloud === 'gcp'
          ? { id: root.id, name: `GCP ${root.kind === 'organization' ? 'organisation' : 'folder'} ${root.id.split('/')[1] ?? root.id}${root.name !== root.id ? ` (${root.name})` : ''}` }
          : { id: root.id, name: `Azure management group ${root.id}` },
      tenantId: read.cloud === 'azure' ? read.scope.tenantId : null,
      poolProject: read.cloud === 'gcp' ? { projectId: read.scope.poolProjectId, projectNumber: read.scope.poolProjectNumber } : null,
      root,
      managementAccountId: aws?.managementAccountId ?? null,
      roleName: aws?.roleName ?? null,
      stackSet: aws?.stackSet ?? null,
      entries,
      connectedAccounts: [...connected].sort(),
      counts,
      selection,
      selectionSource: input.selection ? 'given' : saved ? 'saved' : 'none',
      unknownInSelection: unknownInSelection(root, selection),
      ignoredItems: read.cloud === 'aws' ? null : read.ignoredItems,
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
  plan(input: Pick<ConnectInput, 'orgId' | 'cloud' | 'scanId' | 'selection' | 'accounts'>): Plan {
    const scan = this.scanOf(input.orgId, input.scanId);
    if (scan.cloud !== input.cloud) throw new AppError('bad_request', `That scan read ${SCOPE_WORDS[scan.cloud]}, not ${input.cloud}.`, 'Scan the estate of the cloud you connect; nothing was connected.');
    const root = rootOf(scan);
    const unknown = unknownInSelection(root, input.selection);
    if (unknown.length) {
      const holds = { aws: 'The organization holds no OU or account', azure: 'The management group holds no group or subscription', gcp: 'The organisation or folder holds no folder or project' }[scan.cloud];
      throw new AppError('bad_request', `${holds} ${unknown.join(', ')}.`, 'Check the ids against the tree (estate scan lists them); nothing was connected.', { details: { unknown } });
    }
    const { entries } = classifyEstate(root, input.selection, new Set(), managementOf(scan));
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
    const skipped = {
      suspended: entries.filter((e) => e.state === 'suspended').map((e) => e.id),
      excluded: entries.filter((e) => e.state === 'excluded').map((e) => e.id),
      management: managementOf(scan),
    };
    const accounts = chosen.map((e) => e.id);
    if (scan.cloud === 'gcp') {
      const { scope, numbers } = scan;
      return {
        cloud: 'gcp',
        accounts,
        skipped,
        targets: accounts.map((projectId) => ({ cloud: 'gcp' as const, orgId: input.orgId, projectId, projectNumber: numbers.get(projectId)!, poolProjectId: scope.poolProjectId, poolProjectNumber: scope.poolProjectNumber })),
      };
    }
    if (scan.cloud === 'azure') {
      return { cloud: 'azure', accounts, skipped, targets: accounts.map((subscriptionId) => ({ cloud: 'azure' as const, orgId: input.orgId, tenantId: scan.scope.tenantId, subscriptionId })) };
    }
    const { tree } = scan;
    return {
      cloud: 'aws',
      accounts,
      skipped,
      targets: accounts.map((id) => ({ cloud: 'aws' as const, orgId: input.orgId, roleArn: `arn:${tree.partition}:iam::${id}:role/${tree.roleName}`, region: tree.region, partition: tree.partition })),
    };
  }

  /** Start the run (the selection is kept for the next scan); progress and cancel are "connect many"'s. */
  connect(input: ConnectInput, actor: string): ConnectOutput {
    const plan = this.plan(input);
    const scan = this.scanOf(input.orgId, input.scanId);
    this.selections.save(input.orgId, input.cloud, input.selection, scan.cloud === 'azure' ? scan.scope : undefined, scan.cloud === 'gcp' ? scan.scope : undefined);
    const { runId, total } = this.batches.start(input.orgId, plan.cloud, plan.targets, input.concurrency ?? this.concurrency(), actor);
    return { runId, total, accounts: plan.accounts, skipped: plan.skipped };
  }

  /** Per org, how many accounts the last scan found that are still not connected: no cloud call. */
  waiting(orgId?: string): { orgId: string; cloud: 'aws' | 'azure' | 'gcp'; total: number; notConnected: number; scannedAt: string }[] {
    return this.lastScans.list(orgId).flatMap((scan) => {
      if (scan.cloud !== 'aws' && scan.cloud !== 'azure' && scan.cloud !== 'gcp') return [];
      const connected = this.connectedAccounts(scan.orgId, scan.cloud);
      return [{ orgId: scan.orgId, cloud: scan.cloud, total: scan.total, notConnected: scan.newIds.filter((id) => !connected.has(id)).length, scannedAt: scan.scannedAt }];
    });
  }
}
