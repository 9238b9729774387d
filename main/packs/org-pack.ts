import { hash } from 'node:crypto';
import type { Artifact } from '../../shared/artifacts/artifact.js';
import { CLOUD_LABELS, type CloudKind } from '../../shared/domain/cloud.js';
import { AppError } from '../../shared/domain/errors.js';

export interface PackFile {
  readonly path: string;
  readonly content: string;
  /** Hex SHA-256 of the content, computed once: the manifest and the export report both show it. */
  readonly sha256: string;
}

export interface OrgPack {
  readonly orgId: string;
  readonly files: readonly PackFile[];
  readonly included: readonly CloudKind[];
  readonly skipped: readonly { cloud: CloudKind; reason: string }[];
}

interface Bootstrap {
  readonly artifacts: readonly Artifact[];
  readonly notes: readonly { text: string }[];
}

/** What each connection lets AlphaSwarm do, for the customer's admin. */
const GRANTS: Readonly<Record<CloudKind, string>> = {
  aws: "AlphaSwarm's partner account may assume one role in your account, only with this organisation's external id, and that role is read-only (ReadOnlyAccess, or the smaller inline policy).",
  azure: "AlphaSwarm's app may sign in to your tenant with a short-lived token from AlphaSwarm's OIDC issuer for this organisation only (no secret exists), and holds Reader on the subscription.",
  gcp: "Tokens from AlphaSwarm's OIDC issuer for this organisation only may impersonate one service account, which can read the project (roles/browser) and act as service accounts (roles/iam.serviceAccountUser).",
  cloudflare: 'A scoped API token with exactly the listed permission groups on the resources you pick, for the lifetime you set. Delete it in the dashboard to revoke it.',
};

const ORDER: Readonly<Record<CloudKind, string>> = {
  aws: 'Either run the AWS CLI files in order (create-role.sh, then attach-policy.sh), or apply main.tf, or use the CloudFormation template (one account) or stackset.sh (every account of an AWS Organization). Then send AlphaSwarm the role ARN.',
  azure: 'AlphaSwarm adds the federated credential in its own tenant (create-federated-credential.sh or alphaswarm-tenant.tf). Your administrator then opens the admin consent link, then runs grant-role.sh (or applies customer-tenant.tf). Then send AlphaSwarm the tenant and subscription ids.',
  gcp: 'Run 1-create-pool.sh, 2-create-provider.sh and grant-project-access.sh in your project (or apply main.tf); 3-bind-service-account.sh is run by whoever administers the service account. Then send AlphaSwarm the project id and project number.',
  cloudflare: 'Create the token as cloudflare-token.md describes, then paste it into AlphaSwarm once (it is shown only once by Cloudflare, and stored encrypted by AlphaSwarm).',
};

function readme(orgId: string, sections: { cloud: CloudKind; bootstrap: Bootstrap }[], skipped: OrgPack['skipped']): string {
  const lines = [
    `# Connecting ${orgId} to AlphaSwarm`,
    '',
    "This folder holds everything your cloud administrator needs. None of it is secret; AlphaSwarm never asks for access keys, client secrets, service-account keys or global API keys.",
    '',
    'Each cloud has its own folder. `manifest.json` lists every file with its SHA-256, so you can check nothing was changed on the way.',
  ];
  for (const { cloud, bootstrap } of sections) {
    lines.push('', `## ${CLOUD_LABELS[cloud]} (\`${cloud}/\`)`, '', `**What it grants:** ${GRANTS[cloud]}`, '', `**In which order:** ${ORDER[cloud]}`, '', '**Files:**', '');
    for (const a of bootstrap.artifacts) lines.push(`- \`${cloud}/${a.filename}\` — ${a.title}. ${a.description}`);
    if (bootstrap.notes.length) {
      lines.push('', '**Good to know:**', '');
      for (const n of bootstrap.notes) lines.push(`- ${n.text}`);
    }
  }
  const blanks = placeholders(sections);
  if (blanks.length) {
    lines.push('', '## Fill in before running', '', 'These values are only known in your account, so the files leave a placeholder for them (the Terraform files take them as variables instead):', '');
    for (const b of blanks) lines.push(`- \`${b.placeholder}\` in ${b.files.map((f) => `\`${f}\``).join(', ')}`);
  }
  if (skipped.length) {
    lines.push('', '## Not included', '');
    for (const s of skipped) lines.push(`- ${CLOUD_LABELS[s.cloud]}: ${s.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The `<like-this>` placeholders the artifacts leave for values only the customer knows. */
function placeholders(sections: { cloud: CloudKind; bootstrap: Bootstrap }[]): { placeholder: string; files: string[] }[] {
  const found = new Map<string, string[]>();
  for (const { cloud, bootstrap } of sections)
    for (const a of bootstrap.artifacts)
      for (const m of new Set(a.content.match(/<[a-z][a-z-]*>/g) ?? [])) found.set(m, [...(found.get(m) ?? []), `${cloud}/${a.filename}`]);
  return [...found].sort(([a], [b]) => (a < b ? -1 : 1)).map(([placeholder, files]) => ({ placeholder, files }));
}

export function sha256(content: string): string {
  return hash('sha256', content, 'hex');
}

/**
 * One org's pack: every artifact of every chosen cloud as files, a README for the customer's admin,
 * and a manifest with each file's SHA-256. Nothing depends on time or order of iteration, so the
 * same inputs give byte-identical output. A cloud whose identity is not configured is left out and
 * said so; the others still go in.
 */
export function buildOrgPack(orgId: string, clouds: readonly CloudKind[], bootstrap: (cloud: CloudKind) => Bootstrap): OrgPack {
  const sections: { cloud: CloudKind; bootstrap: Bootstrap }[] = [];
  const skipped: { cloud: CloudKind; reason: string }[] = [];
  for (const cloud of clouds) {
    try {
      sections.push({ cloud, bootstrap: bootstrap(cloud) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // A pack's reader works from files and a terminal: the variable's name is the useful detail.
      const message = typeof error.details?.variable === 'string' ? `${error.message.replace(/\.$/, '')} (${error.details.variable}).` : error.message;
      skipped.push({ cloud, reason: `${message} ${error.hint}` });
    }
  }
  const file = (path: string, content: string): PackFile => ({ path, content, sha256: sha256(content) });
  const files: PackFile[] = [];
  for (const { cloud, bootstrap: b } of sections) for (const a of b.artifacts) files.push(file(`${cloud}/${a.filename}`, a.content));
  files.push(file('README.md', readme(orgId, sections, skipped)));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest = {
    orgId,
    clouds: Object.fromEntries(clouds.map((c) => [c, sections.some((s) => s.cloud === c) ? 'included' : `skipped: ${skipped.find((s) => s.cloud === c)!.reason}`])),
    files: files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: Buffer.byteLength(f.content) })),
  };
  files.push(file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`));
  return { orgId, files, included: sections.map((s) => s.cloud), skipped };
}
