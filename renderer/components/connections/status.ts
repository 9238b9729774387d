import { secretNoun } from '../../../shared/domain/cloud.js';
import type { ConnectionStatus, ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import type { BadgeTone } from '../common/Badge.js';

/** How each status reads, everywhere a connection is shown. */
export const STATUS: Readonly<Record<ConnectionStatus, readonly [BadgeTone, string]>> = {
  connected: ['ok', 'Connected'],
  drifted: ['bad', 'Trust changed'],
  needs_attention: ['warn', 'Needs attention'],
  degraded: ['bad', 'Degraded'],
  rotated_key: ['warn', 'External id rotated'],
  expiring: ['warn', 'Token expiring'],
  expired: ['bad', 'Token expired'],
  check_failed: ['bad', 'Last check failed'],
};

/** A status as one connection reads it: what rotated depends on the cloud (AWS: the external id; Azure: the app). */
export function statusLook(c: Pick<ConnectionSummary, 'status' | 'cloud'>): readonly [BadgeTone, string] {
  if (c.status === 'rotated_key' && c.cloud === 'azure') return ['warn', 'App rotated'];
  return STATUS[c.status];
}

/** The one definition of "needs attention", so the header, the lists and a health run all agree: a platform refusal counts. */
export function needsAttention(c: { readonly status: string; readonly delivery?: { readonly state: string } }): boolean {
  return (c.status !== 'connected' && c.status !== 'cancelled') || c.delivery?.state === 'refused';
}

/** How each delivery state reads (docs/platform-api.md §7). */
export const DELIVERY: Readonly<Record<ConnectionSummary['delivery']['state'], readonly [BadgeTone, string]>> = {
  not_sent: ['warn', 'Not yet sent'],
  queued: ['info', 'Queued'],
  delivered: ['ok', 'Delivered'],
  refused: ['bad', 'Refused'],
};

/** What fixes a connection in the wizard: a rotation (AWS) or a new token (Cloudflare). */
export function fixLabel(c: ConnectionSummary): string | null {
  if (c.status === 'rotated_key') return 'Rotate…';
  const secret = secretNoun(c.cloud);
  if (secret && (c.status === 'expired' || c.status === 'expiring' || c.status === 'check_failed')) return `Paste new ${secret}…`;
  if (c.status === 'drifted') return 'Show the fix…';
  return null;
}
