import { AwsOrgIdentity, type ProfileView } from '../../main/providers/aws/org-identity.js';
import { AwsProvider } from '../../main/providers/cloud-aws.js';
import { type Clock, systemClock } from '../../main/platform/clock.js';
import type { Settings } from '../../main/settings.js';
import { AwsFake, type FakePrincipal } from '../fakes/aws/aws-fake.js';
import { EXTERNAL_ID_SECRET, PARTNER_ACCOUNT } from './harness.js';

/** Settings that point every AWS endpoint at the fake, with the engineer's session in the env. */
export function awsEnv(fake: AwsFake, session: FakePrincipal): Record<string, string> {
  return {
    // The fake listens on plain http at 127.0.0.1: allowed for credential endpoints in test mode only.
    ALPHASWARM_ADMIN_TEST_MODE: '1',
    ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: PARTNER_ACCOUNT,
    ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: EXTERNAL_ID_SECRET,
    ALPHASWARM_ADMIN_AWS_STS_ENDPOINT: fake.url,
    ALPHASWARM_ADMIN_AWS_IAM_ENDPOINT: fake.url,
    ALPHASWARM_ADMIN_AWS_EC2_ENDPOINT: fake.url,
    ALPHASWARM_ADMIN_AWS_ORGANIZATIONS_ENDPOINT: fake.url,
    ALPHASWARM_ADMIN_AWS_CLOUDFORMATION_ENDPOINT: fake.url,
    AWS_ACCESS_KEY_ID: session.accessKeyId,
    AWS_SECRET_ACCESS_KEY: session.secretAccessKey,
    AWS_SESSION_TOKEN: session.sessionToken ?? '',
  };
}

export async function startAwsFake(): Promise<{ fake: AwsFake; session: FakePrincipal }> {
  const fake = await new AwsFake().start();
  const session = fake.addPartnerSession(PARTNER_ACCOUNT);
  return { fake, session };
}

/** A laptop without a platform profile. */
export const noProfile: ProfileView = {
  active: () => undefined,
  status: () => ({ state: 'none', jti: null, engineer: null, issuedAt: null, expiresAt: null, keyFingerprint: null, orgIds: [], settings: [], message: null, trust: { mode: 'none', fingerprints: [], pinnedAt: null } }),
};

/** An AWS provider built as the composition root builds it, for a laptop without a platform profile. */
export function awsProviderWithoutProfile(settings: Settings, clock: Clock = systemClock): AwsProvider {
  return new AwsProvider(settings, clock, new AwsOrgIdentity(settings, noProfile));
}
