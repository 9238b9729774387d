import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeServer, readBody } from '../common/http.js';

/**
 * Nimbus, the test-only fifth cloud (test/support/nimbus-cloud.ts), as a tiny JSON API. It has no
 * public documentation to follow, so its wire protocol is this file's, kept as small and as strict
 * as a real one:
 * - `POST /v1/tenancies/{id}/sessions` `{role, subject}` → 201 `{session: {token, principal}}`;
 *   403 `RoleNotTrusted` when the tenancy's role does not trust AlphaSwarm for that subject, 404
 *   `TenancyNotFound`, 400 `InvalidRequest` for a malformed body.
 * - `GET /v1/tenancies/{id}/permissions` and `GET /v1/tenancies/{id}/buckets`, with
 *   `Authorization: Bearer <token>` of a session for that tenancy → `{granted: [...]}` /
 *   `{buckets: [{id, name}]}`; 401 `InvalidSession` otherwise.
 * Every error is `{error: {code, message}}`. Answers can be held back (`latencyMs`) to see a
 * cancelled call go away (`abandoned`).
 */
export class NimbusFake extends FakeServer {
  /** Tenancy id → the subjects its AlphaSwarm role trusts, what the role may do, and its buckets. */
  readonly tenancies = new Map<string, { trusted: Map<string, string>; granted: string[]; buckets: { id: string; name: string }[] }>();
  private readonly sessions = new Map<string, string>();
  readonly requests: { method: string; path: string; status: number }[] = [];

  /** A fresh start for the next test: no tenancy, no session, no request seen. */
  reset(): void {
    this.tenancies.clear();
    this.sessions.clear();
    this.requests.length = 0;
    this.latencyMs = 0;
    this.abandoned = 0;
  }

  addTenancy(id: string, buckets: string[] = []): void {
    this.tenancies.set(id, { trusted: new Map(), granted: [], buckets: buckets.map((name, i) => ({ id: `bkt-${i + 1}`, name })) });
  }

  /** The customer's admin creates the role step 2 describes: it trusts AlphaSwarm for this org's subject. */
  trust(tenancyId: string, role: string, subject: string): void {
    this.tenancy(tenancyId).trusted.set(role, subject);
  }

  grant(tenancyId: string, ...permissions: string[]): void {
    this.tenancy(tenancyId).granted.push(...permissions);
  }

  private tenancy(id: string) {
    const t = this.tenancies.get(id);
    if (!t) throw new Error(`no tenancy ${id} in the fake`);
    return t;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://nimbus').pathname;
    const send = (status: number, body: unknown) => {
      this.requests.push({ method: req.method ?? '', path, status });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const fail = (status: number, code: string, message: string) => send(status, { error: { code, message } });
    const body = req.method === 'POST' ? (await readBody(req)).toString('utf8') : '';
    if (!(await this.delay(res))) return;

    const m = /^\/v1\/tenancies\/([a-z0-9-]+)\/(sessions|permissions|buckets)$/.exec(path);
    if (!m) return fail(404, 'NotFound', `No route for ${req.method} ${path}.`);
    const tenancy = this.tenancies.get(m[1]!);
    if (!tenancy) return fail(404, 'TenancyNotFound', `Tenancy ${m[1]} does not exist.`);

    if (m[2] === 'sessions') {
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/json') return fail(400, 'InvalidRequest', 'POST a JSON body.');
      let asked: { role?: unknown; subject?: unknown };
      try {
        asked = JSON.parse(body) as typeof asked;
      } catch {
        return fail(400, 'InvalidRequest', 'The body is not JSON.');
      }
      if (typeof asked.role !== 'string' || typeof asked.subject !== 'string') return fail(400, 'InvalidRequest', 'role and subject are required strings.');
      if (tenancy.trusted.get(asked.role) !== asked.subject) return fail(403, 'RoleNotTrusted', `Role ${asked.role} does not exist or does not trust this subject.`);
      const token = randomBytes(16).toString('hex');
      this.sessions.set(token, m[1]!);
      return send(201, { session: { token, principal: `nimbus:${m[1]}:role/${asked.role}` } });
    }

    const token = /^Bearer ([0-9a-f]{32})$/.exec(req.headers.authorization ?? '')?.[1];
    if (req.method !== 'GET') return fail(405, 'MethodNotAllowed', `${req.method} is not allowed here.`);
    if (!token || this.sessions.get(token) !== m[1]) return fail(401, 'InvalidSession', 'Sign in to this tenancy first.');
    return m[2] === 'permissions' ? send(200, { granted: tenancy.granted }) : send(200, { buckets: tenancy.buckets });
  }
}
