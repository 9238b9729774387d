import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CloudKind } from '../../shared/domain/cloud.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { Settings } from '../settings.js';
import { type OrgPack, buildOrgPack } from './org-pack.js';
import { writeOrgPack } from './write-pack.js';

/** Builds artifact packs from the same offline bootstrap every surface uses. */
export class PackService {
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly settings: Settings,
  ) {}

  build(orgId: string, clouds: readonly CloudKind[]): OrgPack {
    // One org's pack is one operation: every cloud's artifacts from one reading of the settings file.
    return this.settings.operation(() => buildOrgPack(orgId, clouds, (cloud) => this.providers.bootstrap({ cloud, orgId }, [])));
  }

  /** Where the app writes exports: the setting, else ~/Downloads/AlphaSwarm, else the data folder. */
  exportDir(): string {
    const configured = this.settings.optional('ALPHASWARM_ADMIN_EXPORT_DIR');
    if (configured) return configured;
    const downloads = join(homedir(), 'Downloads');
    return existsSync(downloads) ? join(downloads, 'AlphaSwarm') : join(this.settings.dataDir, 'exports');
  }

  /** "Export artifacts" for one org, into the export folder. */
  exportOrg(orgId: string, clouds: readonly CloudKind[]): { directory: string; files: { path: string; sha256: string }[]; skipped: { cloud: CloudKind; reason: string }[] } {
    const pack = this.build(orgId, clouds);
    const directory = writeOrgPack(join(this.exportDir(), 'packs'), pack);
    return { directory, files: pack.files.map((f) => ({ path: f.path, sha256: f.sha256 })), skipped: [...pack.skipped] };
  }
}
