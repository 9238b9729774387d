import { create } from 'zustand';
import { CLOUD_KINDS, type CloudKind } from '../../shared/domain/cloud.js';
import { orgIdProblem } from '../../shared/domain/org-id.js';

/** Settings sections a link may open at (a cloud card's "Set up", the checklist's steps): one per cloud, in the descriptors' order. */
export type SettingsSection = 'profile' | CloudKind | 'general' | 'mfa' | 'appearance' | 'device-key' | 'vault' | 'platform';
export const SETTINGS_SECTIONS: readonly SettingsSection[] = ['profile', ...CLOUD_KINDS, 'general', 'mfa', 'appearance', 'device-key', 'vault', 'platform'];

export type Route =
  | { readonly name: 'orgs' }
  | { readonly name: 'integrations'; readonly orgId: string }
  | { readonly name: 'settings'; readonly section?: SettingsSection }
  | { readonly name: 'connections' }
  | { readonly name: 'audit' }
  | { readonly name: 'not-found'; readonly path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '/accounts') return { name: 'orgs' };
  if (path === '/settings') return { name: 'settings' };
  const section = /^\/settings\/([a-z-]+)$/.exec(path)?.[1];
  if (section !== undefined) return (SETTINGS_SECTIONS as readonly string[]).includes(section) ? { name: 'settings', section: section as SettingsSection } : { name: 'not-found', path };
  if (path === '/connections') return { name: 'connections' };
  if (path === '/audit') return { name: 'audit' };
  const m = /^\/accounts\/([^/]+)\/integrations$/.exec(path);
  if (m) {
    let orgId: string;
    try {
      orgId = decodeURIComponent(m[1]!);
    } catch {
      return { name: 'not-found', path };
    }
    return orgIdProblem(orgId) ? { name: 'not-found', path } : { name: 'integrations', orgId };
  }
  return { name: 'not-found', path };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'orgs':
      return '#/';
    case 'settings':
      return route.section ? `#/settings/${route.section}` : '#/settings';
    case 'connections':
      return '#/connections';
    case 'audit':
      return '#/audit';
    case 'integrations':
      return `#/accounts/${encodeURIComponent(route.orgId)}/integrations`;
    case 'not-found':
      return `#${route.path}`;
  }
}

export const useRoute = create<{ route: Route }>(() => ({ route: parseHash(window.location.hash) }));

window.addEventListener('hashchange', () => useRoute.setState({ route: parseHash(window.location.hash) }));

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}
