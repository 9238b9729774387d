import { CloudflareFake } from '../fakes/cloudflare/cloudflare-fake.js';

export interface CloudflareWorld {
  readonly fake: CloudflareFake;
  readonly accountId: string;
  readonly zoneId: string;
  env(): Record<string, string>;
}

export async function startCloudflareWorld(): Promise<CloudflareWorld> {
  const fake = await new CloudflareFake().start();
  const account = fake.addAccount('Acme Corp');
  const zone = fake.addZone('acme.example', account.id);
  return { fake, accountId: account.id, zoneId: zone.id, env: () => ({ ALPHASWARM_ADMIN_TEST_MODE: '1', ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE: fake.url }) };
}

export function resetCloudflare(world: CloudflareWorld): void {
  world.fake.tokens.clear();
  world.fake.requests.length = 0;
}

export const daysFromNow = (days: number, now = Date.now()) => new Date(now + days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
