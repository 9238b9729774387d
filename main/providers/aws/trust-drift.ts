/**
 * Compare a role's trust policy (as IAM returns it from GetRole) with what step 2 handed out: the
 * partner account's root as the only principal, and an sts:ExternalId StringEquals condition on
 * exactly the org's external id. Each difference is named, with its fix.
 */
export interface TrustDrift {
  readonly kind: 'external_id_removed' | 'external_id_changed' | 'foreign_principal' | 'wildcard_principal' | 'unreadable';
  readonly detail: string;
}

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  Action?: unknown;
  Condition?: unknown;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function isAssumeRole(action: unknown): boolean {
  return asList(action).some((a) => typeof a === 'string' && (a === '*' || /^sts:(AssumeRole|\*)$/i.test(a)));
}

/** Principals a statement trusts, as written; "*" for a wildcard in any form. */
function principalsOf(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (typeof principal !== 'object' || principal === null) return [];
  const out: string[] = [];
  for (const [kind, value] of Object.entries(principal)) {
    for (const v of asList(value)) if (typeof v === 'string') out.push(kind === 'AWS' ? v : `${kind}:${v}`);
  }
  return out;
}

/** The partner account's root in both spellings IAM accepts (the account id, or its root ARN). */
function isPartner(principal: string, partnerAccountId: string): boolean {
  return principal === partnerAccountId || /^arn:aws(-cn|-us-gov)?:iam::(\d{12}):root$/.exec(principal)?.[2] === partnerAccountId;
}

function externalIdCondition(condition: unknown): { operator: string; values: string[] }[] {
  if (typeof condition !== 'object' || condition === null) return [];
  const found: { operator: string; values: string[] }[] = [];
  const operators: [string, unknown][] = Object.entries(condition);
  for (const [operator, block] of operators) {
    if (typeof block !== 'object' || block === null) continue;
    const entries: [string, unknown][] = Object.entries(block);
    for (const [key, value] of entries) {
      if (key.toLowerCase() === 'sts:externalid') found.push({ operator, values: asList(value).filter((v): v is string => typeof v === 'string') });
    }
  }
  return found;
}

export function trustDrift(documentText: string, expected: { partnerAccountId: string; externalId: string }): TrustDrift[] {
  let doc: { Statement?: unknown };
  try {
    // GetRole returns the document URL-encoded (RFC 3986), as IAM stores it.
    doc = JSON.parse(decodeURIComponent(documentText)) as { Statement?: unknown };
  } catch {
    try {
      doc = JSON.parse(documentText) as { Statement?: unknown };
    } catch {
      return [{ kind: 'unreadable', detail: 'IAM returned a trust policy that is not JSON.' }];
    }
  }
  const allows = asList(doc.Statement).filter((s): s is Statement => typeof s === 'object' && s !== null && (s as Statement).Effect === 'Allow' && isAssumeRole((s as Statement).Action));
  const drifts: TrustDrift[] = [];
  for (const s of allows) {
    const principals = principalsOf(s.Principal);
    if (principals.some((p) => p === '*' || p === 'AWS:*' || p.endsWith(':*'))) {
      drifts.push({ kind: 'wildcard_principal', detail: 'The trust policy lets any AWS principal ("*") assume the role.' });
    }
    const foreign = principals.filter((p) => p !== '*' && !isPartner(p, expected.partnerAccountId));
    if (foreign.length) {
      drifts.push({ kind: 'foreign_principal', detail: `The trust policy also trusts ${foreign.join(', ')}, not only AlphaSwarm's partner account ${expected.partnerAccountId}.` });
    }
    if (!principals.some((p) => isPartner(p, expected.partnerAccountId))) continue;
    const conditions = externalIdCondition(s.Condition);
    if (conditions.length === 0) {
      drifts.push({ kind: 'external_id_removed', detail: 'The sts:ExternalId condition was removed: anyone who can act as AlphaSwarm could assume the role for another customer (the confused deputy).' });
      continue;
    }
    const exact = conditions.every((c) => c.operator === 'StringEquals' && c.values.length === 1 && c.values[0] === expected.externalId);
    if (!exact) {
      const shown = conditions.map((c) => `${c.operator} ${JSON.stringify(c.values.length === 1 ? c.values[0] : c.values)}`).join('; ');
      drifts.push({ kind: 'external_id_changed', detail: `The sts:ExternalId condition is ${shown}, not StringEquals "${expected.externalId}".` });
    }
  }
  // Deduplicate: several statements can show the same drift.
  return drifts.filter((d, i) => drifts.findIndex((x) => x.kind === d.kind && x.detail === d.detail) === i);
}
