import { type AuditAnchor, AuditTampered } from '../audit/audit-anchor.js';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { CLOUD_LABELS } from '../../shared/domain/cloud.js';
import { AppError } from '../../shared/domain/errors.js';
import type { exportBundle } from '../../shared/ipc/bundles.js';
import type { ConnectionSummary } from '../../shared/ipc/clouds/common.js';
import type { EngineerIdentity } from '../profile/engineer.js';
import type { AuditLog } from '../audit/audit-log.js';
import { type IntegrationStore, connectionSecretName } from '../credentials/integration-store.js';
import type { SecretStore } from '../credentials/secret-store.js';
import type { OnboardingService } from '../onboarding/onboarding-service.js';
import type { Clock } from '../platform/clock.js';
import type { Settings } from '../settings.js';
import { BUNDLE_TYP, BUNDLE_VERSION, MAX_BUNDLE_LIFETIME_SEC, type BundlePayload } from './bundle-format.js';
import { type DeviceKey, issuerFor } from './device-key.js';
import { type PlatformKey, encryptToPlatform, loadPlatformKey } from './platform-key.js';

/** What an export produced: the contract's answer, less where the app saved it. */
/** The signed bundle (kept in main: the window hears only the rest) and what it holds. */
export type BundleExport = Omit<z.input<typeof exportBundle.output>, 'path'> & { readonly bundle: string; readonly carried: readonly CarriedConnection[] };

/** A connection a bundle carried, as the delivery state needs it: which row, and which version of it. */
export interface CarriedConnection {
  readonly cloud: ConnectionSummary['cloud'];
  readonly orgId: string;
  readonly account: string;
  readonly credentialKey: string;
  readonly updatedAt: string;
}

/** Signs the chosen orgs' saved connections into a bundle the platform can verify. */
export class BundleService {
  constructor(
    private readonly onboarding: OnboardingService,
    private readonly integrations: IntegrationStore,
    private readonly secrets: SecretStore,
    private readonly audit: AuditLog,
    private readonly anchor: AuditAnchor,
    private readonly deviceKey: DeviceKey,
    private readonly settings: Settings,
    private readonly clock: Clock,
    private readonly engineer: EngineerIdentity,
  ) {}

  async export(options: { orgIds?: readonly string[]; ttlHours?: number }): Promise<BundleExport> {
    const all = this.onboarding.list().connections;
    const wanted = options.orgIds && options.orgIds.length ? new Set(options.orgIds) : undefined;
    if (wanted) {
      const unknown = [...wanted].filter((o) => !all.some((c) => c.orgId === o));
      if (unknown.length) {
        throw new AppError('not_found', `No saved connections for ${unknown.join(', ')}.`, 'Check the org ids with "list --json"; a bundle carries saved connections only.');
      }
    }
    const connections = wanted ? all.filter((c) => wanted.has(c.orgId)) : all;
    if (connections.length === 0) throw new AppError('precondition_failed', 'There are no saved connections to put in a bundle.', 'Connect a cloud account first, then export.');

    // A fresh signed checkpoint, refused when the log does not verify against its chain and the
    // checkpoints before: a bundle must not vouch for a cut or rewritten log.
    let checkpoint;
    try {
      checkpoint = await this.anchor.checkpoint();
    } catch (error) {
      if (!(error instanceof AuditTampered)) throw error;
      throw new AppError(
        'precondition_failed',
        `The audit log does not verify (${error.message}), so its checkpoint cannot be signed.`,
        'Open the audit viewer, export the log for investigation, and report it to AlphaSwarm security before exporting bundles from this laptop.',
      );
    }
    const key = await this.deviceKey.info();
    const orgIds = [...new Set(connections.map((c) => c.orgId))].sort();
    const jti = randomUUID();
    const { secrets, notes } = await this.sealSecrets(connections, jti);
    const iat = Math.floor(this.clock.now() / 1000);
    const ttlHours = options.ttlHours ?? this.settings.int('ALPHASWARM_ADMIN_BUNDLE_TTL_HOURS');
    if (ttlHours * 3600 > MAX_BUNDLE_LIFETIME_SEC) throw new AppError('bad_request', `A bundle is valid for at most ${MAX_BUNDLE_LIFETIME_SEC / 3600} hours.`, 'Choose a shorter lifetime.', { field: 'ttlHours' });
    const audience = this.settings.require('ALPHASWARM_ADMIN_PLATFORM_AUDIENCE');
    const rows = this.audit.rowsForOrgs(orgIds).filter((r) => r.cloud === null || connections.some((c) => c.orgId === r.orgId && c.cloud === r.cloud));
    const exporter = this.engineer.current();
    if (!exporter.verified) notes.push('Exported without a platform profile: "exportedBy" names the OS user, which the platform cannot verify.');
    // Signing a file delivers nothing: only the platform's verified receipt marks a connection delivered.
    const sentAt = new Date(iat * 1000).toISOString();
    const carried = connections.map(({ delivery: _delivery, ...c }) => ({ ...c, exportedAt: sentAt, exportJti: jti, sentToPlatform: false }));
    const payload: BundlePayload = {
      iss: issuerFor(key.fingerprint),
      aud: audience,
      iat,
      nbf: iat,
      exp: iat + ttlHours * 3600,
      jti,
      bundle: {
        version: BUNDLE_VERSION,
        exportedBy: exporter,
        orgIds,
        connections: carried,
        secrets,
        notes,
        audit: { rows, checkpoint: { n: checkpoint.n, rowCount: checkpoint.rowCount, head: checkpoint.head, verifiedThrough: checkpoint.lastSeq } },
      },
    };
    const bundle = await this.deviceKey.signJws(BUNDLE_TYP, payload);
    this.markExported(jti, sentAt, connections);
    return {
      bundle,
      carried: connections.map((c) => ({ cloud: c.cloud, orgId: c.orgId, account: c.identifier, credentialKey: c.credentialKey, updatedAt: c.updatedAt })),
      filename: `alphaswarm-bundle-${sentAt.slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}-${jti.slice(0, 8)}.jws`,
      jti,
      kid: key.fingerprint,
      audience,
      expiresAt: new Date(payload.exp * 1000).toISOString(),
      connections: connections.length,
      secretsIncluded: secrets.length,
      auditRows: rows.length,
      notes,
    };
  }

  /** Each connection remembers the last bundle that carried it: exported, not delivered. */
  private markExported(jti: string, at: string, connections: readonly Pick<ConnectionSummary, 'cloud' | 'orgId' | 'identifier'>[]): void {
    this.integrations.exported(connections.map((c) => ({ cloud: c.cloud, orgId: c.orgId, account: c.identifier })), at, jti);
  }

  /**
   * Cloudflare tokens travel only as JWE to the platform's public key; without that key they are
   * left out, and a note says so. Federated clouds have no secret to carry.
   */
  private async sealSecrets(connections: readonly ConnectionSummary[], jti: string): Promise<{ secrets: BundlePayload['bundle']['secrets']; notes: string[] }> {
    const withSecret = connections.filter((c) => c.hasSecret);
    const secrets: BundlePayload['bundle']['secrets'] = [];
    const notes: string[] = [];
    if (withSecret.length === 0) return { secrets, notes };
    const setting = this.settings.optional('ALPHASWARM_ADMIN_PLATFORM_BUNDLE_KEY');
    if (!setting) {
      for (const c of withSecret) {
        notes.push(`The ${CLOUD_LABELS[c.cloud]} token for ${c.orgId} (${c.identifier}) was left out: ALPHASWARM_ADMIN_PLATFORM_BUNDLE_KEY (the platform's public encryption key) is not set, and tokens never travel in the clear. Paste the token on the platform, or set the key and export again.`);
      }
      return { secrets, notes };
    }
    const platformKey: PlatformKey = await loadPlatformKey(setting);
    for (const c of withSecret) {
      const read = this.secrets.read(connectionSecretName({ cloud: c.cloud, orgId: c.orgId, account: c.identifier }));
      if (read.status !== 'ok') {
        notes.push(`The ${CLOUD_LABELS[c.cloud]} token for ${c.orgId} (${c.identifier}) was left out: ${read.status === 'missing' ? 'it is no longer stored' : `it cannot be read (${read.reason})`}. Re-enter it with the wizard, then export again.`);
        continue;
      }
      const jwe = await encryptToPlatform(platformKey, read.value, { credential_key: c.credentialKey, bundle_jti: jti });
      secrets.push({ cloud: c.cloud, orgId: c.orgId, credentialKey: c.credentialKey, jwe });
    }
    return { secrets, notes };
  }
}
