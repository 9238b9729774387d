import type { UpdateChannel } from '../../shared/settings-schema.js';
import type { Settings } from '../settings.js';

/** Where updates come from and whether to look, from the three update settings. */
export interface UpdateConfig {
  readonly enabled: boolean;
  readonly feed: string | null;
  readonly channel: UpdateChannel;
  /** Why updates are off or cannot run, in words, with what to do; null when they can. */
  readonly off: { readonly message: string; readonly hint: string } | null;
}

/** electron-updater's channel file for ours: stable reads latest*.yml, beta reads beta*.yml. */
export function feedChannel(channel: UpdateChannel): 'latest' | 'beta' {
  return channel === 'beta' ? 'beta' : 'latest';
}

export function updateConfig(settings: Settings): UpdateConfig {
  const auto = settings.resolve('ALPHASWARM_ADMIN_AUTO_UPDATE');
  const url = settings.resolve('ALPHASWARM_ADMIN_UPDATE_URL');
  const ch = settings.resolve('ALPHASWARM_ADMIN_UPDATE_CHANNEL');
  const channel: UpdateChannel = ch.problem || ch.value !== 'beta' ? 'stable' : 'beta';
  const feed = url.value && !url.problem ? url.value : null;
  const where = (source: string) => (source === 'managed' ? 'by your organisation' : source === 'environment' ? 'in the environment' : source === 'profile' ? 'by your platform profile' : 'in Settings');
  if (auto.problem) return { enabled: false, feed, channel, off: { message: `Updates are off: ALPHASWARM_ADMIN_AUTO_UPDATE ${auto.problem}.`, hint: `Set it to true or false ${where(auto.source)}.` } };
  if (auto.value === 'false') return { enabled: false, feed, channel, off: { message: `Updates are turned off ${where(auto.source)} (ALPHASWARM_ADMIN_AUTO_UPDATE=false).`, hint: 'Your organisation installs new versions for you, or set it to true to let the app update itself.' } };
  if (ch.problem) return { enabled: false, feed, channel, off: { message: `Updates are off: ALPHASWARM_ADMIN_UPDATE_CHANNEL ${ch.problem}.`, hint: `Set it to stable or beta ${where(ch.source)}.` } };
  if (url.problem) return { enabled: false, feed: null, channel, off: { message: `Updates are off: ALPHASWARM_ADMIN_UPDATE_URL ${url.problem}.`, hint: `Correct the update feed ${where(url.source)}; it must be an https URL.` } };
  if (!feed) return { enabled: false, feed: null, channel, off: { message: 'Updates are off: no update feed is set.', hint: 'Set ALPHASWARM_ADMIN_UPDATE_URL (your platform profile or organisation usually does) to let the app update itself.' } };
  return { enabled: true, feed, channel, off: null };
}
