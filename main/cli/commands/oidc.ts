import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { discoveryDocument, jwks } from '../../oidc/discovery.js';
import { loadSigningKey } from '../../oidc/signing-key.js';
import { writeFileAtomic } from '../../platform/atomic-write.js';
import { CliUsageError, EXIT, printJson, unexpectedArgument } from '../output.js';
import { type Command, str } from './types.js';
import { safe } from '../terminal.js';

export const oidcCommand: Command = {
  name: 'oidc',
  usage: 'oidc discovery --out DIR | oidc keygen --out FILE [--alg RS256|ES256]',
  summary: 'For a self-hosted issuer: the discovery document and JWKS to publish, or a new signing key.',
  needsServices: (positionals) => positionals[0] === 'discovery',
  options: { out: { type: 'string' }, alg: { type: 'string', default: 'RS256' }, json: { type: 'boolean', default: false } },
  async run(ctx) {
    const [sub, extra] = ctx.positionals;
    if (extra !== undefined) throw unexpectedArgument(2);
    const out = str(ctx, 'out');
    if (out === undefined) throw new CliUsageError('Missing --out.');
    if (sub === 'keygen') {
      const alg = str(ctx, 'alg');
      if (alg !== 'RS256' && alg !== 'ES256') throw new CliUsageError('--alg is RS256 or ES256.');
      const file = resolve(out);
      if (existsSync(file)) throw new CliUsageError(`${file} already exists; a signing key is never overwritten.`);
      const { privateKey } = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 3072 }) : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      writeFileAtomic(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), 0o600);
      const key = await loadSigningKey(file);
      if (ctx.json) printJson(ctx.io, { keyFile: file, alg: key.alg, kid: key.kid });
      else ctx.io.out(safe`✓ wrote ${file} (${key.alg}, kid ${key.kid}, readable by you only)\nSet ALPHASWARM_ADMIN_OIDC_SIGNING_KEY_FILE=${file}, then publish "oidc discovery --out DIR" at your issuer.\n`);
      return EXIT.ok;
    }
    if (sub === 'discovery') {
      const { settings } = ctx.session().services;
      const issuer = settings.require('ALPHASWARM_ADMIN_OIDC_ISSUER');
      const key = await loadSigningKey(settings.require('ALPHASWARM_ADMIN_OIDC_SIGNING_KEY_FILE'));
      const dir = resolve(out);
      const discoveryPath = join(dir, '.well-known', 'openid-configuration');
      const jwksPath = join(dir, 'jwks.json');
      writeFileAtomic(discoveryPath, `${JSON.stringify(discoveryDocument(issuer, key), null, 2)}\n`);
      writeFileAtomic(jwksPath, `${JSON.stringify(jwks(key), null, 2)}\n`);
      const base = issuer.replace(/\/$/, '');
      if (ctx.json) printJson(ctx.io, { issuer, files: [discoveryPath, jwksPath] });
      else ctx.io.out(safe`✓ wrote ${discoveryPath}\n✓ wrote ${jwksPath}\nPublish ${dir} so that ${base}/.well-known/openid-configuration and ${base}/jwks.json are served over https.\n`);
      return EXIT.ok;
    }
    throw new CliUsageError('Use "oidc discovery --out DIR" or "oidc keygen --out FILE".');
  },
};
