import type CloudflareClient from 'cloudflare';

export type CloudflareSdk = typeof CloudflareClient;

let loaded: CloudflareSdk | undefined;

/**
 * The Cloudflare SDK, loaded on first use: it is the heaviest module the app has, and most commands
 * (every offline one, every other cloud) never need it.
 */
export async function loadCloudflare(): Promise<CloudflareSdk> {
  loaded ??= (await import('cloudflare')).default;
  return loaded;
}

/** The SDK if a call has loaded it: SDK errors only come from calls, so it is there when they are. */
export function loadedCloudflare(): CloudflareSdk | undefined {
  return loaded;
}
