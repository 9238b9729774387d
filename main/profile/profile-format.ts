import { z } from 'zod';
import { roleNameProblem } from '../../shared/domain/aws.js';
import { orgIdProblem } from '../../shared/domain/org-id.js';
import { guid } from '../../shared/setting-checks.js';

/**
 * The platform profile: a compact JWS the platform signs for one engineer, carrying non-secret
 * settings and the external ids of the orgs assigned to that engineer. Format (README "Platform
 * profiles"): header {alg: EdDSA | ES256, typ: PROFILE_TYP, kid: RFC 7638 thumbprint}; payload below.
 */
export const PROFILE_TYP = 'alphaswarm-profile+jwt';
/** The largest profile read, in bytes (a few thousand orgs fit easily). */
export const MAX_PROFILE_BYTES = 2 * 1024 * 1024;
/** The longest a profile may claim to be valid (exp − iat). */
export const MAX_PROFILE_LIFETIME_SEC = 400 * 24 * 3600;

/**
 * AWS's rule for sts:ExternalId is 2–1224 characters of [\w+=,.@:/-]; commas are left out here
 * because the CloudFormation CLI's shorthand (in the StackSet commands) splits on them.
 */
export const EXTERNAL_ID_PATTERN = /^[\w+=.@:/-]{2,1224}$/;

/**
 * Who a profile is for ends up in audit rows, bundles and terminals: plain ASCII addresses, and
 * names of letters, digits, spaces and the punctuation names use — never an escape, a control,
 * a zero-width or a bidirectional character.
 */
const email = z.string().max(254).regex(/^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/, 'must be a plain email address (letters, digits and . _ % + - before the @)');
const personName = z
  .string()
  .max(200)
  .regex(/^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N} .,'’()-]*[\p{L}\p{M}\p{N}.)])?$/u, 'must be a name: letters, digits, spaces and . , \' ( ) - only');

/** An Entra app's client or object id: a GUID, in any case (Entra ids are case-insensitive; stored lowercase). */
const appGuid = (what: string) =>
  z
    .string()
    .superRefine((v, ctx) => {
      const problem = guid(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `${what} ${problem}` });
    })
    .transform((v) => v.toLowerCase());

export const profileOrgSchema = z
  .strictObject({
  org_id: z.string().superRefine((v, ctx) => {
    const problem = orgIdProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  aws_external_id: z.string().regex(EXTERNAL_ID_PATTERN, 'must be an AWS external id (2–1224 of letters, digits and + = . @ : / _ -)'),
  aws_role_name: z
    .string()
    .superRefine((v, ctx) => {
      const problem = roleNameProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  /**
   * Which of the platform's Entra apps holds this org's federated credential (Entra allows 20 per
   * app): its client id and its object id, both or neither. Neither: the global setting applies.
   */
  azure_app_client_id: appGuid('the Azure app client id').optional(),
  azure_app_object_id: appGuid('the Azure app object id').optional(),
  /** The platform has added this org's federated credential to its Azure app: step 2 shows only the customer's tasks. */
  azure_federated_credential_ready: z.boolean().optional(),
  /** The platform has bound this org's subject to its GCP service account (workloadIdentityUser): the same for GCP. */
  gcp_binding_ready: z.boolean().optional(),
})
  .superRefine((o, ctx) => {
    const hasClient = o.azure_app_client_id !== undefined;
    if (hasClient !== (o.azure_app_object_id !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [hasClient ? 'azure_app_object_id' : 'azure_app_client_id'],
        message: `gives the Azure app's ${hasClient ? 'client id but not its object id' : 'object id but not its client id'}: an org's Azure app needs both (or neither, for the global app)`,
      });
    }
  });

export const profilePayloadSchema = z
  .strictObject({
    iss: z.string().url(),
    sub: email,
    iat: z.number().int().positive(),
    exp: z.number().int().positive(),
    jti: z.string().uuid(),
    engineer: z.strictObject({ name: personName, email }),
    settings: z.record(z.string(), z.string().max(65536)),
    orgs: z.array(profileOrgSchema).max(20000),
  })
  .superRefine((p, ctx) => {
    if (p.sub !== p.engineer.email) ctx.addIssue({ code: 'custom', path: ['sub'], message: `names ${p.sub}, but the engineer is ${p.engineer.email}` });
    const seen = new Set<string>();
    p.orgs.forEach((o, i) => {
      if (seen.has(o.org_id)) ctx.addIssue({ code: 'custom', path: ['orgs', i, 'org_id'], message: `"${o.org_id}" is assigned twice` });
      seen.add(o.org_id);
    });
    // One app has one object id: a profile that pairs a client id with two object ids (or the reverse) is a typo somewhere.
    const objectOf = new Map<string, string>();
    const clientOf = new Map<string, string>();
    p.orgs.forEach((o, i) => {
      if (o.azure_app_client_id === undefined || o.azure_app_object_id === undefined) return;
      const knownObject = objectOf.get(o.azure_app_client_id);
      const knownClient = clientOf.get(o.azure_app_object_id);
      if ((knownObject !== undefined && knownObject !== o.azure_app_object_id) || (knownClient !== undefined && knownClient !== o.azure_app_client_id)) {
        ctx.addIssue({ code: 'custom', path: ['orgs', i, 'azure_app_object_id'], message: `pairs Azure app ${o.azure_app_client_id} with object id ${o.azure_app_object_id}, but another org pairs them differently: one app has one client id and one object id` });
      }
      objectOf.set(o.azure_app_client_id, o.azure_app_object_id);
      clientOf.set(o.azure_app_object_id, o.azure_app_client_id);
    });
  });
export type ProfilePayload = z.infer<typeof profilePayloadSchema>;
