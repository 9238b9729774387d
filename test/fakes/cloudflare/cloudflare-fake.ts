import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeServer, readBody } from '../common/http.js';
import { type FakePolicy, type Target, allows } from './policy-evaluation.js';

export interface FakeToken {
  readonly value: string;
  readonly id: string;
  status: 'active' | 'disabled' | 'expired';
  notBefore?: string;
  expiresOn?: string;
  /** Permission group names, e.g. "DNS Write". */
  permissionGroups: string[];
  /** Account that owns it (account-owned token), else a user token. */
  ownerAccountId?: string;
  accountIds: string[];
  zoneIds: string[];
  /**
   * Groups held at the other scope than Cloudflare's own (an account-level group of the same name,
   * with its own id): what a token made from the wrong section of the dashboard holds.
   */
  wrongScope?: string[];
  /**
   * The token's policies exactly as Cloudflare stores them. When given, they are what the token's
   * details show and what decides each call (`permissionGroups`, `accountIds`, `zoneIds` then only
   * say which accounts it lists, and which user-level groups such as API Tokens Read it holds).
   */
  policies?: FakePolicy[];
}

/** The permission groups granted on zones (the rest are granted on accounts). */
const ZONE_GROUPS = new Set(['Zone Read', 'DNS Write', 'DNS Read', 'Workers Routes Write']);

export interface FakeAccount {
  readonly id: string;
  readonly name: string;
}

export interface FakeZone {
  readonly id: string;
  readonly name: string;
  readonly accountId: string;
}

export const PERMISSION_GROUP_IDS: Readonly<Record<string, string>> = {
  'Zone Read': 'c8fed203ed3043cba015a93ad1616f1f',
  'DNS Write': '4755a26eedb94da69e1066d98aa820be',
  'DNS Read': '82e64a83756745bbbb1c9c2701bf816b',
  'Account Settings Read': 'c1fde68c7bcc44588cbb6ddbc16d6480',
  'Cloudflare Tunnel Write': 'c07321b023e944ff818fec44d8203567',
  'Workers R2 Storage Write': 'bf7481a1826f439697cb59a20b22293e',
  'Access: Apps and Policies Write': '959972745952452f8be2452be8cbb9f2',
  'Access: Organizations, Identity Providers, and Groups Read': '26bc23f853634eb4bff59983b9064fde',
  'Workers Scripts Write': 'e086da7e2179491d91ee5f35b3ca210a',
  'Workers Routes Write': '28f4b596e7d643029c524985477ae49a',
  'API Tokens Read': '0cc3a61731504c89b99ec1be78b77aa0',
};

/** The id of the same-named group at the other scope: a different group as far as Cloudflare is concerned. */
function otherScopeId(name: string): string {
  return createHash('md5').update(`other-scope:${name}`).digest('hex');
}

/**
 * A local Cloudflare API v4 (base path /client/v4) with the real envelope — `success`, `errors`,
 * `messages`, `result`, and `result_info` on lists — and Cloudflare's status codes: 401 for an
 * unknown token, 403 when a valid token lacks the permission.
 */
export class CloudflareFake extends FakeServer {
  readonly tokens = new Map<string, FakeToken>();
  readonly accounts = new Map<string, FakeAccount>();
  readonly zones = new Map<string, FakeZone>();
  readonly requests: { path: string; status: number; authorization: string | null }[] = [];
  /** Answers scripted for a path (the next requests to it, in order): Cloudflare's error envelope with the given status and errors. */
  private readonly scripted: { path: string; status: number; errors: { code: number; message: string }[] }[] = [];

  override get url(): string {
    return `${super.url}/client/v4`;
  }

  addAccount(name: string): FakeAccount {
    const a = { id: randomBytes(16).toString('hex'), name };
    this.accounts.set(a.id, a);
    return a;
  }

  addZone(name: string, accountId: string): FakeZone {
    const z = { id: randomBytes(16).toString('hex'), name, accountId };
    this.zones.set(z.id, z);
    return z;
  }

  /** A token as the dashboard would create it; `format` picks the value's shape. */
  addToken(options: Partial<FakeToken> & { permissionGroups: string[]; format?: 'user' | 'account' | 'legacy'; value?: string }): FakeToken {
    const format = options.format ?? 'legacy';
    const value =
      options.value ??
      (format === 'user' ? `cfut_${randomBytes(30).toString('base64url')}` : format === 'account' ? `cfat_${randomBytes(30).toString('base64url')}` : randomBytes(30).toString('base64url').slice(0, 40));
    const token: FakeToken = {
      value,
      id: randomBytes(16).toString('hex'),
      status: 'active',
      accountIds: [...this.accounts.keys()],
      zoneIds: [...this.zones.keys()],
      ...options,
    };
    this.tokens.set(value, token);
    return token;
  }

  calls(): number {
    return this.requests.length;
  }

  /** The next request to `path` (under /client/v4) fails with this status and these errors, as Cloudflare's envelope. */
  failNext(path: string, status: number, errors: { code: number; message: string }[]): void {
    this.scripted.push({ path, status, errors });
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    await readBody(req);
    if (!(await this.delay(res))) return;
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
    const send = (status: number, body: unknown) => {
      this.requests.push({ path: url.pathname, status, authorization: auth === null ? null : 'Bearer ***' });
      res.writeHead(status, { 'content-type': 'application/json', 'cf-ray': `${randomBytes(8).toString('hex')}-FRA` });
      res.end(JSON.stringify(body));
    };
    const ok = (result: unknown, extra: Record<string, unknown> = {}) => send(200, { success: true, errors: [], messages: [], result, ...extra });
    const fail = (status: number, code: number, message: string) => send(status, { success: false, errors: [{ code, message }], messages: [], result: null });
    const list = (items: unknown[]) => {
      const perPage = Number(url.searchParams.get('per_page') ?? 20);
      const page = Number(url.searchParams.get('page') ?? 1);
      const slice = items.slice((page - 1) * perPage, page * perPage);
      ok(slice, { result_info: { page, per_page: perPage, count: slice.length, total_count: items.length, total_pages: Math.max(1, Math.ceil(items.length / perPage)) } });
    };

    if (!url.pathname.startsWith('/client/v4/')) return fail(404, 7000, 'No route for that URI');
    const path = url.pathname.slice('/client/v4'.length);
    const script = this.scripted.findIndex((s) => s.path === path);
    if (script >= 0) {
      const [answer] = this.scripted.splice(script, 1);
      return send(answer!.status, { success: false, errors: answer!.errors, messages: [], result: null });
    }
    const token = auth ? this.tokens.get(auth) : undefined;
    if (!token) return fail(401, 1000, 'Invalid API Token');
    // With explicit policies, a group counts only on what its resources name.
    const has = (group: string, on?: Target) =>
      token.policies && on
        ? allows(token.policies, PERMISSION_GROUP_IDS[group]!, on) || (group === 'DNS Read' && allows(token.policies, PERMISSION_GROUP_IDS['DNS Write']!, on))
        : token.permissionGroups.includes(group) || (group === 'DNS Read' && token.permissionGroups.includes('DNS Write'));
    const zoneTarget = (zoneId: string): Target => ({ zoneId, accountId: this.zones.get(zoneId)?.accountId ?? '' });
    const canAccount = (id: string) => token.accountIds.includes(id);
    const denied = () => fail(403, 10000, 'Authentication error');

    let m: RegExpExecArray | null;
    if (req.method !== 'GET') return fail(405, 10405, 'Method not allowed');
    if (path === '/user/tokens/verify') {
      if (token.ownerAccountId) return fail(401, 1000, 'Invalid API Token');
      return ok(this.verifyResult(token), { messages: [{ code: 10000, message: 'This API Token is valid and active', type: null }] });
    }
    if ((m = /^\/accounts\/([^/]+)\/tokens\/verify$/.exec(path))) {
      if (token.ownerAccountId !== m[1]) return denied();
      return ok(this.verifyResult(token), { messages: [{ code: 10000, message: 'This API Token is valid and active', type: null }] });
    }
    if ((m = /^\/user\/tokens\/([0-9a-f]{32})$/.exec(path)) || (m = /^\/accounts\/[^/]+\/tokens\/([0-9a-f]{32})$/.exec(path))) {
      if (!has('API Tokens Read')) return fail(403, 9109, 'Unauthorized to access requested resource');
      const target = [...this.tokens.values()].find((t) => t.id === m![1]);
      if (!target) return fail(404, 1003, 'Token not found');
      return ok({
        id: target.id,
        name: 'AlphaSwarm token',
        status: target.status,
        issued_on: '2026-11-01T10:00:00Z',
        modified_on: '2026-11-01T10:00:00Z',
        ...(target.notBefore ? { not_before: target.notBefore } : {}),
        ...(target.expiresOn ? { expires_on: target.expiresOn } : {}),
        policies: target.policies ?? [
          {
            id: randomBytes(16).toString('hex'),
            effect: 'allow',
            resources: Object.fromEntries(target.accountIds.map((a) => [`com.cloudflare.api.account.${a}`, '*'])),
            permission_groups: target.permissionGroups
              .filter((name) => ZONE_GROUPS.has(name) === (target.wrongScope ?? []).includes(name))
              .map((name) => ({ id: (target.wrongScope ?? []).includes(name) ? otherScopeId(name) : (PERMISSION_GROUP_IDS[name] ?? randomBytes(16).toString('hex')), name })),
          },
          // Zone-level groups sit in their own policy, over zone resources.
          {
            id: randomBytes(16).toString('hex'),
            effect: 'allow',
            resources: target.zoneIds.length ? Object.fromEntries(target.zoneIds.map((z) => [`com.cloudflare.api.account.zone.${z}`, '*'])) : { 'com.cloudflare.api.account.zone.*': '*' },
            permission_groups: target.permissionGroups
              .filter((name) => ZONE_GROUPS.has(name) !== (target.wrongScope ?? []).includes(name))
              .map((name) => ({ id: (target.wrongScope ?? []).includes(name) ? otherScopeId(name) : (PERMISSION_GROUP_IDS[name] ?? randomBytes(16).toString('hex')), name })),
          },
        ],
        condition: {},
      });
    }
    if (path === '/accounts') return list([...this.accounts.values()].filter((a) => canAccount(a.id)).map((a) => ({ id: a.id, name: a.name, type: 'standard', settings: {}, created_on: '2024-02-01T00:00:00Z' })));
    if (path === '/zones') {
      // Without Zone Read a token simply sees no zones.
      const zones = [...this.zones.values()].filter((z) => token.zoneIds.includes(z.id) && has('Zone Read', zoneTarget(z.id)));
      return list(zones.map((z) => ({ id: z.id, name: z.name, status: 'active', paused: false, type: 'full', account: { id: z.accountId, name: this.accounts.get(z.accountId)?.name ?? '' } })));
    }
    if ((m = /^\/zones\/([^/]+)\/dns_records$/.exec(path))) return token.zoneIds.includes(m[1]!) && has('DNS Read', zoneTarget(m[1]!)) ? list([]) : denied();
    if ((m = /^\/zones\/([^/]+)\/workers\/routes$/.exec(path))) return token.zoneIds.includes(m[1]!) && has('Workers Routes Write', zoneTarget(m[1]!)) ? ok([]) : denied();
    if ((m = /^\/accounts\/([^/]+)$/.exec(path))) {
      if (!canAccount(m[1]!) || !has('Account Settings Read', { accountId: m[1]! })) return denied();
      const a = this.accounts.get(m[1]!);
      return a ? ok({ id: a.id, name: a.name, type: 'standard', settings: {} }) : fail(404, 7003, 'Could not route to /accounts, perhaps your object identifier is invalid?');
    }
    const accountScoped: [RegExp, string, 'list' | 'plain'][] = [
      [/^\/accounts\/([^/]+)\/cfd_tunnel$/, 'Cloudflare Tunnel Write', 'list'],
      [/^\/accounts\/([^/]+)\/r2\/buckets$/, 'Workers R2 Storage Write', 'plain'],
      [/^\/accounts\/([^/]+)\/access\/apps$/, 'Access: Apps and Policies Write', 'list'],
      [/^\/accounts\/([^/]+)\/access\/organizations$/, 'Access: Organizations, Identity Providers, and Groups Read', 'plain'],
      [/^\/accounts\/([^/]+)\/workers\/scripts$/, 'Workers Scripts Write', 'plain'],
    ];
    for (const [re, group, shape] of accountScoped) {
      if ((m = re.exec(path))) {
        if (!canAccount(m[1]!) || !has(group, { accountId: m[1]! })) return denied();
        if (shape === 'list') return list([]);
        return ok(group.startsWith('Workers R2') ? { buckets: [] } : group.startsWith('Access: Org') ? { name: 'acme', auth_domain: 'acme.cloudflareaccess.com' } : []);
      }
    }
    fail(404, 7003, 'Could not route to that path, perhaps your object identifier is invalid?');
  }

  private verifyResult(token: FakeToken) {
    return { id: token.id, status: token.status, ...(token.notBefore ? { not_before: token.notBefore } : {}), ...(token.expiresOn ? { expires_on: token.expiresOn } : {}) };
  }
}
