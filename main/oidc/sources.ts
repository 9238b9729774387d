import { AppError } from '../../shared/domain/errors.js';
import type { Clock } from '../platform/clock.js';
import type { Settings } from '../settings.js';
import { CommandTokenSource } from './command-source.js';
import { SigningKeyTokenSource } from './signing-key.js';
import type { SubjectTokenSource } from './subject-token-source.js';

/** The configured source: the command when set (production), else the local signing key. */
export function subjectTokenSource(settings: Settings, clock: Clock): SubjectTokenSource {
  const issuer = settings.require('ALPHASWARM_ADMIN_OIDC_ISSUER');
  const command = settings.optional('ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND');
  if (command) return new CommandTokenSource(issuer, command, clock);
  const keyFile = settings.optional('ALPHASWARM_ADMIN_OIDC_SIGNING_KEY_FILE');
  if (keyFile) return new SigningKeyTokenSource(issuer, keyFile, clock);
  throw new AppError(
    'config_missing',
    'No source of AlphaSwarm subject tokens is configured, so federation to Azure and GCP cannot be tested.',
    'Set ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND (the platform\'s token command) or, for a self-hosted issuer, ALPHASWARM_ADMIN_OIDC_SIGNING_KEY_FILE.',
    { details: { variable: 'ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND' } },
  );
}
