import { azurePolicyDenial } from '../../../shared/domain/cloud-denials.js';
import { z } from 'zod';
import { AppError } from '../../../shared/domain/errors.js';
import { parseJson, request } from '../http.js';

/** ARM's error envelope (https://learn.microsoft.com/rest/api/azure/#error-response). */
const armErrorBody = z.object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }).optional() });
type ArmErrorBody = z.infer<typeof armErrorBody>;

/** A page of an ARM collection: `value`, and `nextLink` while there is more (absent or null on the last page). Unknown members are ignored. */
const armPage = <T extends z.ZodType>(item: T) => z.object({ value: z.array(item).optional(), nextLink: z.string().nullish() });

/** Pages one listing may take: 50 pages of up to 500 descendants (what the scan asks for) are 25,000 items. */
const MAX_PAGES = 50;

/** The few Azure Resource Manager reads the wizard needs, with ARM's error shape mapped. */
export class ArmClient {
  constructor(
    private readonly endpoint: string,
    private readonly token: string,
    private readonly timeoutMs: number,
    private readonly onCall: () => void = () => undefined,
    /** A health run's deadline: aborts the request in flight. */
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * GET a collection, following nextLink: every page or an error, never part of it as if it were
   * all. The token goes only to the configured endpoint's origin: a nextLink elsewhere is refused
   * before it is called, and one that repeats (a listing that would never end) stops the listing.
   */
  async list<T extends z.ZodType>(path: string, apiVersion: string, item: T, query: Record<string, string> = {}): Promise<z.output<T>[]> {
    const url = new URL(`${this.endpoint.replace(/\/$/, '')}${path}`);
    url.searchParams.set('api-version', apiVersion);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const items: z.output<T>[] = [];
    const followed = new Set<string>();
    let next: string | undefined = url.toString();
    const pageSchema = armPage(item);
    for (let page = 0; next; page++) {
      if (page === MAX_PAGES) {
        throw new AppError('cloud_error', `Azure Resource Manager was still paging ${path} after ${MAX_PAGES} pages (${items.length} items read), so the listing was stopped rather than shown incomplete.`, 'Retry later; if it keeps happening, choose a smaller scope (a management group lower in the tree) or share this message with AlphaSwarm support.');
      }
      const body: unknown = await this.get(next);
      const parsed = z.safeParse(pageSchema, body);
      if (!parsed.success) {
        throw new AppError('cloud_error', `Azure Resource Manager answered ${path} in an unexpected shape (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message ?? 'invalid'}).`, 'Retry; if it persists, check ALPHASWARM_ADMIN_AZURE_ARM_ENDPOINT (or your proxy).');
      }
      items.push(...(parsed.data.value ?? []));
      followed.add(next);
      next = parsed.data.nextLink ? this.checkedNextLink(path, parsed.data.nextLink, followed) : undefined;
    }
    return items;
  }

  /** A nextLink the token may follow: on the configured endpoint's origin, and not one already read. */
  private checkedNextLink(path: string, nextLink: string, followed: ReadonlySet<string>): string {
    const arm = new URL(this.endpoint).origin;
    let link: URL;
    try {
      link = new URL(nextLink);
    } catch {
      throw new AppError('cloud_error', `Azure Resource Manager answered ${path} with a next page link that is not a URL, so the listing was stopped.`, 'Retry; if it persists, check ALPHASWARM_ADMIN_AZURE_ARM_ENDPOINT (or your proxy).');
    }
    if (link.origin !== arm) {
      throw new AppError(
        'cloud_error',
        `Azure Resource Manager answered ${path} with its next page on ${link.origin}, not on the configured ARM endpoint ${arm}: the token was not sent there and the listing was stopped.`,
        'Check that ALPHASWARM_ADMIN_AZURE_ARM_ENDPOINT (or your proxy) points at Azure Resource Manager itself, then retry.',
      );
    }
    if (followed.has(link.toString())) {
      throw new AppError('cloud_error', `Azure Resource Manager gave a next page link for ${path} that it had already given (the listing would never end), so the listing was stopped.`, 'Retry in a minute; if it persists, share this message with AlphaSwarm support.');
    }
    return link.toString();
  }

  /** GET one resource, parsed with its schema (unknown members ignored). */
  async read<T extends z.ZodType>(path: string, apiVersion: string, schema: T): Promise<z.output<T>> {
    const url = new URL(`${this.endpoint.replace(/\/$/, '')}${path}`);
    url.searchParams.set('api-version', apiVersion);
    const parsed = z.safeParse(schema, await this.get(url.toString()));
    if (!parsed.success) {
      throw new AppError('cloud_error', `Azure Resource Manager answered ${path} in an unexpected shape.`, 'Retry; if it persists, check ALPHASWARM_ADMIN_AZURE_ARM_ENDPOINT (or your proxy).');
    }
    return parsed.data;
  }

  private async get(url: string): Promise<unknown> {
    this.onCall();
    const res = await request(url, {
      method: 'GET',
      headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json' },
      timeoutMs: this.timeoutMs,
      service: 'Azure Resource Manager',
      endpointSetting: 'ALPHASWARM_ADMIN_AZURE_ARM_ENDPOINT',
      signal: this.signal,
    });
    const body = parseJson(res.text);
    if (res.status >= 200 && res.status < 300 && body && typeof body === 'object') return body;
    const error = armErrorBody.safeParse(body);
    throw armFailure(res.status, error.success ? error.data : {});
  }
}

export function armFailure(status: number, body: ArmErrorBody): AppError {
  const code = body.error?.code ?? `HTTP ${status}`;
  const message = body.error?.message ?? 'no error message';
  const details = { armCode: code };
  const policy = azurePolicyDenial(body);
  if (policy) return new AppError('cloud_denied', policy.cause, policy.fix, { details: { ...details, denial: policy.kind, policy: policy.policy } });
  switch (code) {
    case 'AuthorizationFailed':
      return new AppError('cloud_denied', `Azure refused a read: ${message}`, 'Grant the role with the command shown in step 2 (role assignments can take a few minutes to apply), then retry.', { details });
    case 'SubscriptionNotFound':
    case 'InvalidSubscriptionId':
      return new AppError('cloud_denied', `Azure does not know that subscription: ${message}`, 'Check the subscription id, and that it belongs to the tenant you entered.', { details, field: 'subscriptionId' });
    case 'InvalidAuthenticationToken':
    case 'InvalidAuthenticationTokenTenant':
    case 'ExpiredAuthenticationToken':
      return new AppError('cloud_denied', `Azure did not accept the token: ${message}`, 'The subscription may belong to another tenant: check the tenant id, then validate identity again.', { details });
  }
  if (status >= 500) return new AppError('cloud_error', `Azure Resource Manager had an internal error (HTTP ${status}, ${code}).`, 'This is on the Azure side: retry in a minute.', { details });
  if (status === 200 || body.error === undefined) {
    return new AppError('cloud_error', `Azure Resource Manager answered with something that is not ARM JSON (HTTP ${status}).`, 'Check ALPHASWARM_ADMIN_AZURE_ARM_ENDPOINT (or your proxy) points at ARM; then retry.', { details });
  }
  return new AppError('cloud_error', `Azure Resource Manager refused the request: ${code}: ${message}`, 'Retry; if it persists, share the message with AlphaSwarm support.', { details });
}
