/**
 * Every channel's name, and nothing else: the preload builds `window.alphaswarm` from this list so
 * that it carries no schemas (and no zod) into the renderer's process. A unit test keeps it equal to
 * ALL_CHANNELS, so a contract cannot be added without its name appearing here.
 */
export const CHANNEL_NAMES = [
  'orgs:list',
  'orgs:add',
  'cloud:bootstrap',
  'cloud:validateIdentity',
  'cloud:validatePermissions',
  'cloud:enumerate',
  'cloud:connect',
  'cloud:disconnect',
  'cloud:verifyCleanup',
  'cloud:list',
  'mfa:status',
  'mfa:beginEnrollment',
  'mfa:confirmEnrollment',
  'mfa:verify',
  'settings:status',
  'settings:importSecret',
  'audit:list',
  'audit:verify',
  'audit:export',
  'health:start',
  'health:progress',
  'health:cancel',
  'artifacts:exportPack',
  'device:key',
  'device:exportKey',
  'bundles:export',
  'links:open',
] as const;
