import { canonicalJson, rowHash } from '../audit/canonical.js';
import { parseCredentialKey } from '../../shared/domain/cloud.js';
import type { PinnedKey } from '../jws/pinned-keys.js';
import { JwsRejected, verifyStrictJws } from '../jws/verify-jws.js';
import { BUNDLE_TYP, type BundlePayload, CLOCK_SKEW_SEC, MAX_BUNDLE_BYTES, MAX_BUNDLE_LIFETIME_SEC, bundlePayloadSchema } from './bundle-format.js';
import { issuerFor } from './device-key.js';

export { JwsRejected as BundleRejected, type Rejection } from '../jws/verify-jws.js';

export interface VerifiedBundle {
  readonly header: { alg: string; typ: string; kid: string };
  readonly payload: BundlePayload;
}

export interface VerifyOptions {
  readonly audience: string;
  readonly nowSec: number;
}

const REEXPORT = 'Ask the field engineer to export the bundle again and send the file unchanged.';

const fmt = (sec: number) => new Date(sec * 1000).toISOString();

/**
 * The check the platform runs on a connection bundle. Strict by construction (see verifyStrictJws):
 * the algorithm comes from the trusted key, every part must be canonical, JSON with a repeated key
 * is refused — and the claims are checked only after the signature holds, including that the
 * payload agrees with itself (org ids, credential keys, audit rows).
 */
export async function verifyBundle(file: string, trusted: readonly PinnedKey[], options: VerifyOptions): Promise<VerifiedBundle> {
  const verified = await verifyStrictJws(file, trusted, {
    typ: BUNDLE_TYP,
    what: 'bundle',
    maxBytes: MAX_BUNDLE_BYTES,
    redoHint: REEXPORT,
    unknownKeyHint: "Compare the fingerprint with the one in the field engineer's Settings → Device signing key; trust that key only if they match.",
  });
  const parsed = bundlePayloadSchema.safeParse(verified.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new JwsRejected('bad_payload', `The signed payload is not a version-2 bundle: ${issue.path.join('.') || 'payload'}: ${issue.message}.`, 'Update the verifier, or export the bundle again with this version of the app.');
  }
  const payload = parsed.data;
  const { key } = verified;
  if (payload.iss !== issuerFor(key.kid)) throw new JwsRejected('wrong_issuer', `The bundle says it is from "${payload.iss}", but it was signed by ${issuerFor(key.kid)}.`, REEXPORT);
  const audiences = typeof payload.aud === 'string' ? [payload.aud] : payload.aud;
  if (!audiences.includes(options.audience)) {
    throw new JwsRejected('wrong_audience', `The bundle is for ${audiences.map((a) => `"${a}"`).join(', ')}, not "${options.audience}".`, 'Check --aud, or ask for a bundle exported for this platform (ALPHASWARM_ADMIN_PLATFORM_AUDIENCE).');
  }
  if (payload.exp <= options.nowSec - CLOCK_SKEW_SEC) {
    throw new JwsRejected('expired', `The bundle expired at ${fmt(payload.exp)}.`, 'Ask the field engineer to export a fresh bundle.');
  }
  const notBefore = Math.max(payload.nbf, payload.iat);
  if (notBefore > options.nowSec + CLOCK_SKEW_SEC) {
    throw new JwsRejected('not_yet_valid', `The bundle is not valid before ${fmt(notBefore)}; check this machine's clock and the laptop's.`, 'Fix the clock that is wrong, then verify again (or export again).');
  }
  if (payload.exp - payload.iat > MAX_BUNDLE_LIFETIME_SEC || payload.exp <= payload.iat) {
    throw new JwsRejected(
      'lifetime_too_long',
      `The bundle claims to be valid from ${fmt(payload.iat)} to ${fmt(payload.exp)}; a bundle is valid for at most ${MAX_BUNDLE_LIFETIME_SEC / 3600} hours after it is issued.`,
      REEXPORT,
    );
  }
  checkConsistency(payload);
  checkAuditRows(payload);
  return { header: verified.header, payload };
}

/** What the payload names (orgs, credential keys, secrets) must agree with itself. */
function checkConsistency(payload: BundlePayload): void {
  const { connections, orgIds, secrets } = payload.bundle;
  const inconsistent = (message: string) => new JwsRejected('inconsistent', message, REEXPORT);
  const expectedOrgs = [...new Set(connections.map((c) => c.orgId))].sort();
  if (JSON.stringify(expectedOrgs) !== JSON.stringify(orgIds)) {
    throw inconsistent(`The bundle lists the orgs ${JSON.stringify(orgIds)}, but its connections belong to ${JSON.stringify(expectedOrgs)}.`);
  }
  const keys = new Set<string>();
  for (const c of connections) {
    const key = parseCredentialKey(c.credentialKey);
    if (!key || key.cloud !== c.cloud || key.orgId !== c.orgId) throw inconsistent(`The connection ${JSON.stringify(c.credentialKey)} does not name its own cloud (${c.cloud}) and org (${c.orgId}).`);
    if ((key.account === undefined) !== c.primary) throw inconsistent(`The connection ${c.credentialKey} is ${c.primary ? '' : 'not '}marked primary, but its key says otherwise.`);
    if (key.account !== undefined && key.account !== c.identifier) throw inconsistent(`The connection ${c.credentialKey} names ${key.account}, but connects ${c.identifier}.`);
    if (keys.has(c.credentialKey)) throw inconsistent(`The connection ${c.credentialKey} appears twice.`);
    keys.add(c.credentialKey);
  }
  const sealed = new Set<string>();
  for (const s of secrets) {
    const owner = connections.find((c) => c.credentialKey === s.credentialKey);
    if (!owner || owner.cloud !== s.cloud || owner.orgId !== s.orgId) throw inconsistent(`A sealed secret names ${s.credentialKey}, which is not one of the bundle's connections.`);
    if (sealed.has(s.credentialKey)) throw inconsistent(`Two sealed secrets name ${s.credentialKey}.`);
    sealed.add(s.credentialKey);
  }
  for (const row of payload.bundle.audit.rows) {
    if (row.orgId !== null && !orgIds.includes(row.orgId)) throw inconsistent(`Audit row ${row.seq} is about "${row.orgId}", which the bundle does not carry.`);
  }
}

/** Each audit row must hash to what it claims, and the checkpoint must agree with the last row. */
function checkAuditRows(payload: BundlePayload): void {
  const { rows, checkpoint } = payload.bundle.audit;
  for (const row of rows) {
    const expected = rowHash(row.prevHash, [row.seq, row.ts, row.actor, row.orgId, row.cloud, row.step, row.outcome, row.correlationId, canonicalJson(row.detail)]);
    if (expected !== row.hash) throw new JwsRejected('audit_mismatch', `Audit row ${row.seq}'s hash does not match its content.`, 'The exporting device signed an altered audit row: investigate that laptop before trusting its bundles.');
    if (row.seq > checkpoint.rowCount) throw new JwsRejected('audit_mismatch', `Audit row ${row.seq} lies beyond the checkpoint (${checkpoint.rowCount} rows).`, REEXPORT);
    if (row.seq === checkpoint.rowCount && row.hash !== checkpoint.head) throw new JwsRejected('audit_mismatch', `The checkpoint head does not match audit row ${row.seq}.`, REEXPORT);
  }
}
