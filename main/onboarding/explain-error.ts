import { type OrgDenial, azurePolicyDenial, googleOrgDenial } from '../../shared/domain/cloud-denials.js';
import { classifyDenial } from '../providers/aws/denials.js';

export interface Explanation {
  readonly recognised: boolean;
  readonly kind: string;
  readonly policy: string | null;
  readonly cause: string;
  readonly fix: string;
}

/**
 * The first JSON object in pasted text (a CLI's error output often wraps the cloud's body in
 * words), or undefined. Tried from each "{" in turn, so a brace inside the words is skipped.
 */
function firstJson(text: string): unknown {
  for (let at = text.indexOf('{'); at !== -1; at = text.indexOf('{', at + 1)) {
    const end = text.lastIndexOf('}');
    for (let close = end; close > at; close = text.lastIndexOf('}', close - 1)) {
      try {
        return JSON.parse(text.slice(at, close + 1));
      } catch {
        // a shorter span may parse
      }
      if (end - close > 4096) break;
    }
  }
  return undefined;
}

const fromOrg = (d: OrgDenial): Explanation => ({ recognised: true, kind: d.kind, policy: d.policy, cause: d.cause, fix: d.fix });

/**
 * A refusal the customer's admin got while applying step 2 (gcloud, az, the AWS CLI or a console),
 * pasted by the engineer: named by the cloud's own error code and text, with who can fix it.
 */
export function explainCloudError(cloud: 'aws' | 'azure' | 'gcp', text: string): Explanation {
  const json = firstJson(text);
  if (cloud === 'gcp') {
    const d = googleOrgDenial(json) ?? googleOrgDenial({ error: { message: text } });
    if (d) return fromOrg(d);
  } else if (cloud === 'azure') {
    // `az` prints "(RequestDisallowedByPolicy) … Policy identifiers: '[…]'" when it does not print the JSON.
    const d = azurePolicyDenial(json) ?? (/RequestDisallowedByPolicy/.test(text) ? azurePolicyDenial({ error: { code: 'RequestDisallowedByPolicy', message: text } }) : undefined);
    if (d) return fromOrg(d);
  } else {
    const d = classifyDenial(text, 'the AlphaSwarm role');
    if (d.kind !== 'unknown') return { recognised: true, kind: `aws-${d.kind}`, policy: d.action ?? null, cause: d.cause, fix: d.fix };
  }
  return {
    recognised: false,
    kind: 'unknown',
    policy: null,
    cause: 'This is not a refusal by an organisation policy, a perimeter or a policy type this app recognises.',
    fix: "Check the command was run as step 2 shows it, by someone with the rights it needs; if it still fails, send the full error text to AlphaSwarm support.",
  };
}
