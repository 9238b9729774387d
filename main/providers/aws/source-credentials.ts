import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { AppError } from '../../../shared/domain/errors.js';
import type { Env } from '../../settings.js';
import { signInHint } from './sign-in-hint.js';

/**
 * The engineer's own short-lived session in AlphaSwarm's partner account, from the standard AWS
 * chain (environment, SSO profile named by ALPHASWARM_ADMIN_AWS_PROFILE, …). Never persisted.
 */
export function sourceCredentials(env: Env, profile: string | undefined): AwsCredentialIdentityProvider {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!profile && accessKeyId && secretAccessKey) {
    const identity: AwsCredentialIdentity = {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
    return () => Promise.resolve(identity);
  }
  const chain = fromNodeProviderChain(profile ? { profile } : {});
  return async () => {
    try {
      return await chain();
    } catch (error) {
      throw noSourceCredentials(profile, error);
    }
  };
}

function noSourceCredentials(profile: string | undefined, cause: unknown): AppError {
  return new AppError(
    'config_missing',
    `No AWS session was found for AlphaSwarm's partner account${profile ? ` (profile "${profile}")` : ''}: ${(cause as Error)?.message ?? 'the credential chain is empty'}.`,
    signInHint(profile),
    { cause },
  );
}
