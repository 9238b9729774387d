import type { z } from 'zod';
import type { ChannelContract } from '../../shared/ipc/contract.js';
import { ALL_CHANNELS } from '../../shared/ipc/index.js';

type AnyChannel = (typeof ALL_CHANNELS)[number];

/** Every contract, addressed as `ipc.<domain>.<method>`: the tests name a channel through its contract. */
export type Contracts = {
  [D in AnyChannel['domain']]: { [C in Extract<AnyChannel, { domain: D }> as C['method']]: C };
};

function byDomain(): Contracts {
  const out: Record<string, Record<string, AnyChannel>> = {};
  for (const contract of ALL_CHANNELS) (out[contract.domain] ??= {})[contract.method] = contract;
  // Built from the same list the type is mapped from, so every key the type names exists.
  return out as unknown as Contracts;
}

export const ipc: Contracts = byDomain();

/**
 * A cloud-discriminated answer narrowed to one cloud, or the test fails naming the cloud it got:
 * `forCloud(await h.ok(ipc.cloud.bootstrap, target), 'cloudflare').templates`.
 */
export function forCloud<T extends { readonly cloud: string }, K extends T['cloud']>(value: T, cloud: K): Extract<T, { cloud: K }> {
  if (!isCloud(value, cloud)) throw new Error(`expected an answer for ${cloud}, got one for ${value.cloud}`);
  return value;
}

function isCloud<T extends { readonly cloud: string }, K extends T['cloud']>(value: T, cloud: K): value is Extract<T, { cloud: K }> {
  return value.cloud === cloud;
}

/** What a channel accepts, as a test writes it. */
export type InputOf<C extends ChannelContract> = z.input<C['input']>;
