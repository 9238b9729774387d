import * as bundleContracts from '../../../shared/ipc/bundles.js';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import { orgIdProblem } from '../../../shared/domain/org-id.js';
import { SETTINGS_BY_NAME } from '../../../shared/settings-schema.js';
import { publicJwkText } from '../../bundles/device-key.js';
import { MAX_BUNDLE_BYTES } from '../../bundles/bundle-format.js';
import { BundleRejected, type VerifiedBundle, verifyBundle } from '../../bundles/verify-bundle.js';
import { DEVICE_KEYS, type PinnedKey, TrustKeyError, parsePinnedKeys } from '../../jws/pinned-keys.js';
import { writeFileAtomic } from '../../platform/atomic-write.js';
import { readInputFile } from '../input-file.js';
import { CliUsageError, EXIT, printJson, unexpectedArgument } from '../output.js';
import { type Command, type CommandContext, str, strs } from './types.js';
import { safe } from '../terminal.js';
import { pushBundle } from './platform.js';

async function exportBundle(ctx: CommandContext): Promise<number> {
  const out = str(ctx, 'out');
  if (!out) throw new CliUsageError('Missing --out FILE (where to write the signed bundle).');
  const orgIds = strs(ctx, 'org');
  for (const o of orgIds) {
    const problem = orgIdProblem(o);
    if (problem) throw new CliUsageError(`--org ${o}: ${problem}`);
  }
  const ttl = str(ctx, 'ttl-hours');
  if (ttl !== undefined && !/^\d+$/.test(ttl)) throw new CliUsageError('--ttl-hours takes a whole number of hours (1–720).');
  const file = resolve(out);
  // Main writes the bundle to --out; the command only hears where and what.
  const session = ctx.session();
  session.saveTo(file);
  const r = await session.stepped(bundleContracts.exportBundle, { orgId: '__platform__', ...(orgIds.length ? { orgIds } : {}), ...(ttl ? { ttlHours: Number(ttl) } : {}) }, str(ctx, 'otp'));
  if (ctx.json) printJson(ctx.io, r);
  else {
    ctx.io.out(safe`✓ wrote ${file}\n  ${r.connections} connection${r.connections === 1 ? '' : 's'}, ${r.auditRows} audit rows, signed by device key ${r.kid}\n  for ${r.audience}, valid until ${r.expiresAt} (jti ${r.jti})\n`);
    if (r.secretsIncluded) ctx.io.out(safe`  ${r.secretsIncluded} Cloudflare token${r.secretsIncluded === 1 ? '' : 's'} included, encrypted to the platform's key\n`);
    for (const n of r.notes) ctx.io.err(safe`! ${n}\n`);
    ctx.io.out(safe`Verify it anywhere with: alphaswarm-onboard bundle verify ${out} --trust <device-key.jwk.json>\n`);
  }
  return EXIT.ok;
}

function describe(v: VerifiedBundle): string {
  const p = v.payload;
  const b = p.bundle;
  const at = (sec: number) => new Date(sec * 1000).toISOString();
  // Every value from the bundle on its own line: a line break in it shows as \n, never as a line of ours.
  const lines = [
    safe`✓ signature valid: ${v.header.alg}, device key ${v.header.kid}`,
    safe`  issuer ${p.iss}`,
    safe`  audience ${typeof p.aud === 'string' ? p.aud : p.aud.join(', ')}`,
    safe`  issued ${at(p.iat)}, expires ${at(p.exp)}, jti ${p.jti}`,
    safe`  exported by ${b.exportedBy.actor}${b.exportedBy.verified ? ` (verified by platform profile ${b.exportedBy.profileJti})` : ''}`,
    '',
    safe`Connections (${b.connections.length}, ${b.orgIds.length} org${b.orgIds.length === 1 ? '' : 's'}):`,
    ...b.orgIds.flatMap((org) => {
      const mine = b.connections.filter((c) => c.orgId === org);
      return [safe`  ${org} (${mine.length})`, ...mine.map((c) => safe`    ${CLOUD_LABELS[c.cloud].padEnd(12)} ${c.identifier.padEnd(40)} ${c.status.padEnd(16)}${c.primary ? ' primary' : ''}`)];
    }),
    '',
    safe`Secrets: ${b.secrets.length ? b.secrets.map((s) => `${s.credentialKey} (encrypted to the platform)`).join(', ') : 'none'}`,
    ...b.notes.map((n) => safe`  note: ${n}`),
    safe`Audit: ${b.audit.rows.length} rows about these connections; checkpoint ${b.audit.checkpoint.rowCount} rows, head ${b.audit.checkpoint.head}`,
  ];
  return `${lines.join('\n')}\n`;
}

async function verify(ctx: CommandContext, file: string | undefined): Promise<number> {
  if (!file) throw new CliUsageError('Name the bundle file: bundle verify FILE --trust PUBLIC_JWK.');
  const trustFiles = strs(ctx, 'trust');
  if (trustFiles.length === 0) throw new CliUsageError('Missing --trust PUBLIC_JWK: the device public key (or JWK Set) you trust. A bundle is never trusted by the key it names itself.');
  let trusted: PinnedKey[];
  try {
    trusted = (await Promise.all(trustFiles.map((f) => parsePinnedKeys(readInputFile(f, 'trusted key', 1024 * 1024), f, DEVICE_KEYS)))).flat();
  } catch (error) {
    if (error instanceof TrustKeyError) throw new CliUsageError(error.message);
    throw error;
  }
  const audience = str(ctx, 'aud') ?? (ctx.env.ALPHASWARM_ADMIN_PLATFORM_AUDIENCE?.trim() || SETTINGS_BY_NAME.get('ALPHASWARM_ADMIN_PLATFORM_AUDIENCE')!.defaultValue!);
  const text = readInputFile(file, 'bundle', MAX_BUNDLE_BYTES);
  try {
    const v = await verifyBundle(text, trusted, { audience, nowSec: Math.floor(ctx.now() / 1000) });
    if (ctx.json) printJson(ctx.io, { valid: true, header: v.header, ...v.payload });
    else ctx.io.out(describe(v));
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof BundleRejected)) throw error;
    if (ctx.json) printJson(ctx.io, { valid: false, reason: error.reason, message: error.message, hint: error.hint });
    else ctx.io.err(safe`✗ rejected (${error.reason}): ${error.message}\nhint: ${error.hint}\n`);
    return EXIT.rejected;
  }
}

export const bundleCommand: Command = {
  name: 'bundle',
  usage: 'bundle export [--org ID ...] --out FILE [--ttl-hours N] [--otp CODE] [--json] | bundle push --org ID [--org ID ...] [--otp CODE] [--json] | bundle verify FILE --trust PUBLIC_JWK [--trust …] [--aud AUDIENCE] [--json]',
  summary: 'Sign saved connections into a bundle for the platform, or push one to it (delivered only on a verified receipt); verify a bundle against a trusted device key.',
  // The platform's check needs no data folder, keychain or settings.
  needsServices: (positionals) => positionals[0] !== 'verify',
  options: {
    org: { type: 'string', multiple: true },
    out: { type: 'string' },
    'ttl-hours': { type: 'string' },
    otp: { type: 'string' },
    trust: { type: 'string', multiple: true },
    aud: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run(ctx) {
    const [sub, arg, extra] = ctx.positionals;
    if (sub === 'export') {
      if (arg !== undefined) throw unexpectedArgument(2);
      return exportBundle(ctx);
    }
    if (sub === 'push') {
      if (arg !== undefined) throw unexpectedArgument(2);
      return pushBundle(ctx, str(ctx, 'otp'));
    }
    if (sub === 'verify') {
      if (extra !== undefined) throw unexpectedArgument(3);
      return verify(ctx, arg);
    }
    throw new CliUsageError('Use "bundle export --out FILE", "bundle push --org ID" or "bundle verify FILE --trust PUBLIC_JWK".');
  },
};

export const deviceCommand: Command = {
  name: 'device',
  usage: 'device key [--out FILE] [--json]',
  summary: "This device's public signing key (created on first use): fingerprint, and the JWK the platform pins.",
  options: { out: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run(ctx) {
    const [sub, extra] = ctx.positionals;
    if (sub !== 'key' || extra !== undefined) throw new CliUsageError('Use "device key [--out FILE]".');
    const info = await ctx.session().value(bundleContracts.key, {});
    const out = str(ctx, 'out');
    const jwkText = publicJwkText(info.jwk);
    if (out) {
      const file = resolve(out);
      if (existsSync(file) && readFileSync(file, 'utf8') !== jwkText) throw new CliUsageError(`${file} already exists and holds something else; choose another path.`);
      writeFileAtomic(file, jwkText);
    }
    if (ctx.json) printJson(ctx.io, { ...info, ...(out ? { path: resolve(out) } : {}) });
    else {
      ctx.io.out(safe`Device signing key (Ed25519), created ${info.createdAt}\n  fingerprint ${info.fingerprint}\n`);
      if (out) ctx.io.out(safe`✓ wrote the public JWK to ${resolve(out)}; give it to the platform to pin.\n`);
      else ctx.io.out(jwkText);
    }
    return EXIT.ok;
  },
};
