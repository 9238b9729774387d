/**
 * Google and Azure refusals that come from the customer's organisation rather than from a missing
 * role, read from the clouds' own error bodies (Google: `{error: {code, message, status, details}}`
 * with google.rpc PreconditionFailure / ErrorInfo details; Azure: `{error: {code, message,
 * additionalInfo}}` with a PolicyViolation entry). Each names the policy and who can change it.
 * Pure: the providers use it on answers they get, `explain-error` on text an admin pastes.
 */
export interface OrgDenial {
  readonly kind: 'gcp-org-policy' | 'gcp-vpc-sc' | 'azure-policy';
  /** The constraint, the perimeter's unique id, or the policy assignment. */
  readonly policy: string;
  readonly cause: string;
  readonly fix: string;
}

interface GoogleDetail {
  '@type'?: string;
  reason?: string;
  violations?: { type?: string; subject?: string; description?: string }[];
  metadata?: Record<string, string>;
}

const asObject = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined);

const CONSTRAINT_WORDS: Readonly<Record<string, { cause: string; fix: string }>> = {
  'constraints/iam.allowedPolicyMemberDomains': {
    cause:
      "Domain restricted sharing (constraints/iam.allowedPolicyMemberDomains) lets IAM policies name only members of the organisation's own Google customers, and AlphaSwarm's service account belongs to another one.",
    fix: "Who can fix it: the org policy administrator (roles/orgpolicy.policyAdmin) adds AlphaSwarm's Google customer ID to the constraint's allowed values, or sets an exception on this project; then the binding from step 2 can be added.",
  },
  'constraints/iam.workloadIdentityPoolProviders': {
    cause:
      "constraints/iam.workloadIdentityPoolProviders lists the issuers a workload identity pool provider may trust, and AlphaSwarm's issuer is not among them.",
    fix: "Who can fix it: the org policy administrator (roles/orgpolicy.policyAdmin) adds AlphaSwarm's issuer URI to the constraint's allowed values (or an exception for this project); then create the provider from step 2 again.",
  },
};

/** A Google error body (or the object under `error`), when an org policy or a perimeter refused it. */
export function googleOrgDenial(body: unknown): OrgDenial | undefined {
  const root = asObject(body);
  const error = asObject(root?.error) ?? root;
  if (!error) return undefined;
  const message = typeof error.message === 'string' ? error.message : '';
  const details = (Array.isArray(error.details) ? error.details : []) as GoogleDetail[];
  const violations = details.flatMap((d) => d.violations ?? []);
  const vpcsc = /vpcServiceControlsUniqueIdentifier:\s*([\w-]+)/.exec(message)?.[1];
  const vpcViolation = violations.find((v) => v.type === 'VPC_SERVICE_CONTROLS');
  if (vpcsc || vpcViolation || details.some((d) => d.reason === 'SECURITY_POLICY_VIOLATED')) {
    const id = vpcsc ?? vpcViolation?.description ?? 'not given';
    return {
      kind: 'gcp-vpc-sc',
      policy: id,
      cause: `A VPC Service Controls perimeter around the project blocks the call (Google's unique id for it: ${id}).`,
      fix: "Who can fix it: the customer's VPC Service Controls administrator (Access Context Manager), with an ingress rule that lets AlphaSwarm's service account reach the service in the perimeter. The unique id finds the refusal in their audit logs. Roles on the project will not help.",
    };
  }
  const constraint =
    violations.map((v) => v.type ?? '').find((t) => t.startsWith('constraints/')) ??
    /(constraints\/[\w.]+)/.exec(message)?.[1] ??
    (/do not belong to a permitted customer/i.test(message) ? 'constraints/iam.allowedPolicyMemberDomains' : undefined);
  if (!constraint) return undefined;
  const words = CONSTRAINT_WORDS[constraint];
  return {
    kind: 'gcp-org-policy',
    policy: constraint,
    cause: words?.cause ?? `The organisation policy constraint ${constraint} refuses it.`,
    fix: words?.fix ?? `Who can fix it: the org policy administrator (roles/orgpolicy.policyAdmin), by allowing it in ${constraint} or setting an exception for this project.`,
  };
}

interface AzurePolicyInfo {
  policyAssignmentName?: string;
  policyAssignmentId?: string;
  policyAssignmentDisplayName?: string;
  policyAssignmentScope?: string;
  policyDefinitionDisplayName?: string;
  policyDefinitionName?: string;
}

/** An Azure error body (or the object under `error`), when Azure Policy denied it (RequestDisallowedByPolicy). */
export function azurePolicyDenial(body: unknown): OrgDenial | undefined {
  const root = asObject(body);
  const error = asObject(root?.error) ?? root;
  if (error?.code !== 'RequestDisallowedByPolicy') return undefined;
  const message = typeof error.message === 'string' ? error.message : '';
  const infos = (Array.isArray(error.additionalInfo) ? error.additionalInfo : [])
    .map(asObject)
    .filter((x) => x?.type === 'PolicyViolation')
    .map((x) => (asObject(x?.info) ?? {}) as AzurePolicyInfo);
  // Older answers carry the assignment only inside the message: Policy identifiers: '[{"policyAssignment":{"name":…,"id":…}…}]'.
  let fromMessage: { name?: string; id?: string } | undefined;
  const identifiers = /Policy identifiers: '(\[.*\])'/s.exec(message)?.[1];
  if (identifiers) {
    try {
      const parsed = JSON.parse(identifiers) as { policyAssignment?: { name?: string; id?: string } }[];
      fromMessage = parsed[0]?.policyAssignment;
    } catch {
      fromMessage = undefined;
    }
  }
  const info = infos[0];
  const name = info?.policyAssignmentDisplayName ?? info?.policyAssignmentName ?? fromMessage?.name ?? 'not named in the answer';
  const id = info?.policyAssignmentId ?? fromMessage?.id;
  const definition = info?.policyDefinitionDisplayName ?? info?.policyDefinitionName;
  return {
    kind: 'azure-policy',
    policy: id ?? name,
    cause: `Azure Policy refused it (RequestDisallowedByPolicy): the policy assignment "${name}"${id ? ` (${id})` : ''}${definition ? `, definition "${definition}"` : ''} denies this request.`,
    fix: `Who can fix it: the owner of that policy assignment${info?.policyAssignmentScope ? ` at ${info.policyAssignmentScope}` : ' (at the subscription or a management group above it)'} — an exemption for AlphaSwarm's role assignment (az policy exemption create --policy-assignment ${id ?? '<assignment id>'} --exemption-category Waiver …) or a change to the assignment. Retrying or another role will not help.`,
  };
}
