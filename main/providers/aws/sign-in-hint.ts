/**
 * What to do when the engineer's own AWS session is missing or expired. Its own module: error
 * mapping needs it at start, and must not pull the SDK's credential chain into every CLI command.
 */
export function signInHint(profile: string | undefined): string {
  return profile
    ? `Sign in to AlphaSwarm's partner account: aws sso login --profile ${profile}, then retry.`
    : "Sign in to AlphaSwarm's partner account (aws sso login --profile <profile>) and set ALPHASWARM_ADMIN_AWS_PROFILE to that profile, then retry.";
}
