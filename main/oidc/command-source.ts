import { describeValue } from '../../shared/domain/describe.js';
import { spawn } from 'node:child_process';
import { decodeJwt } from 'jose';
import { AppError } from '../../shared/domain/errors.js';
import type { Clock } from '../platform/clock.js';
import type { SubjectTokenRequest, SubjectTokenSource } from './subject-token-source.js';

const COMMAND_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 64 * 1024;

function failure(message: string): AppError {
  return new AppError(
    'config_invalid',
    `The subject-token command failed: ${message}`,
    'Check ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND (it gets ALPHASWARM_OIDC_AUDIENCE, ALPHASWARM_OIDC_SUBJECT and ALPHASWARM_OIDC_ISSUER, and prints a JWT) and that you are signed in to the platform.',
  );
}

/** The JWT in the command's output: a bare token, or an executable-sourced credential JSON. */
export function tokenFromOutput(stdout: string): string {
  const text = stdout.trim();
  if (text.startsWith('{')) {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw failure('its output is neither a JWT nor JSON.');
    }
    if (parsed.success === false) throw failure(`it reported ${describeValue(parsed.code ?? 'an error')}: ${describeValue(parsed.message ?? '')}`.slice(0, 300));
    const token = parsed.id_token ?? parsed.token ?? parsed.access_token;
    if (typeof token !== 'string') throw failure('its JSON output has no id_token.');
    return token;
  }
  return text;
}

/**
 * The production path, credential-process style: a command the platform provides prints a token
 * signed by AlphaSwarm's issuer. The app checks it is the token it asked for before using it.
 */
export class CommandTokenSource implements SubjectTokenSource {
  readonly kind = 'command' as const;

  constructor(
    readonly issuer: string,
    private readonly command: string,
    private readonly clock: Clock,
  ) {}

  async getToken(request: SubjectTokenRequest): Promise<string> {
    const stdout = await this.run(request);
    const token = tokenFromOutput(stdout);
    let claims: ReturnType<typeof decodeJwt>;
    try {
      claims = decodeJwt(token);
    } catch {
      throw failure('it did not print a JWT.');
    }
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== this.issuer) throw failure(`the token's issuer is "${String(claims.iss)}", expected "${this.issuer}".`);
    if (claims.sub !== request.subject) throw failure(`the token's subject is "${String(claims.sub)}", expected "${request.subject}".`);
    if (!aud.includes(request.audience)) throw failure(`the token's audience is "${aud.join(', ')}", expected "${request.audience}".`);
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.clock.now() + 30_000) throw failure('the token it printed is expired or about to expire.');
    return token;
  }

  private run(request: SubjectTokenRequest): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, {
        shell: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ALPHASWARM_OIDC_AUDIENCE: request.audience, ALPHASWARM_OIDC_SUBJECT: request.subject, ALPHASWARM_OIDC_ISSUER: this.issuer },
      });
      let out = '';
      let err = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(failure(`it did not finish within ${COMMAND_TIMEOUT_MS / 1000} seconds.`));
      }, COMMAND_TIMEOUT_MS);
      child.stdout.on('data', (d: Buffer) => {
        if (out.length < MAX_OUTPUT) out += d.toString('utf8');
      });
      child.stderr.on('data', (d: Buffer) => {
        if (err.length < 4096) err += d.toString('utf8');
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(failure(e.message));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        // Only the last stderr line is quoted: it explains, and a token never goes to stderr.
        if (code !== 0) reject(failure(`exit code ${code}${err.trim() ? `: ${err.trim().split('\n').at(-1)!.slice(0, 200)}` : ''}.`));
        else resolve(out);
      });
    });
  }
}
