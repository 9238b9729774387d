import type { StackInstanceSummary } from '@aws-sdk/client-cloudformation';
import type { StackInstance } from '../../../shared/ipc/estate-schemas.js';

/** 200 pages of 100: far past any organization's accounts in one region. */
const MAX_PAGES = 200;

/** Text from the cloud is data: control and format characters become spaces. */
const plain = (value: string, max: number): string => value.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim().slice(0, max);

function instanceOf(s: StackInstanceSummary): StackInstance {
  const detailed = s.StackInstanceStatus?.DetailedStatus ?? 'UNKNOWN';
  const status = s.Status ?? 'UNKNOWN';
  const failed = ['FAILED', 'CANCELLED', 'INOPERABLE', 'FAILED_IMPORT', 'SKIPPED_SUSPENDED_ACCOUNT'].includes(detailed) || status === 'INOPERABLE';
  const pending = detailed === 'PENDING' || detailed === 'RUNNING';
  return {
    state: failed ? 'failed' : pending ? 'pending' : detailed === 'SUCCEEDED' ? 'present' : 'pending',
    detail: plain(`${status} / ${detailed}`, 80),
    reason: s.StatusReason ? plain(s.StatusReason, 1000) : null,
  };
}

/** One ListStackInstances page: the SDK call, made by the provider with its client and signal. */
export type StackInstancesPage = (token: string | undefined) => Promise<{ Summaries?: StackInstanceSummary[] | undefined; NextToken?: string | undefined }>;

/**
 * Every stack instance of the StackSet, by account (a failed instance in one region outweighs a
 * good one in another): read-only, paged by NextToken, bounded, stopped when a token repeats.
 */
export async function readStackInstances(listPage: StackInstancesPage, signal: AbortSignal | undefined): Promise<Map<string, StackInstance>> {
  const out = new Map<string, StackInstance>();
  const tokens = new Set<string>();
  let next: string | undefined;
  let pages = 0;
  do {
    signal?.throwIfAborted();
    if (++pages > MAX_PAGES) throw new Error(`CloudFormation was still paging after ${MAX_PAGES} pages`);
    const page = await listPage(next);
    for (const s of page.Summaries ?? []) {
      if (!s.Account || !/^\d{12}$/.test(s.Account)) continue;
      const seen = out.get(s.Account);
      const found = instanceOf(s);
      if (!seen || (seen.state !== 'failed' && found.state === 'failed')) out.set(s.Account, found);
    }
    next = page.NextToken || undefined;
    if (next !== undefined) {
      if (tokens.has(next)) throw new Error('CloudFormation returned a page token it had already given');
      tokens.add(next);
    }
  } while (next);
  return out;
}
