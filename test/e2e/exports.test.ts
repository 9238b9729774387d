import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { DEVICE_KEYS, parsePinnedKeys } from '../../main/jws/pinned-keys.js';
import { verifyBundle } from '../../main/bundles/verify-bundle.js';
import { codeAt } from '../../main/mfa/totp.js';
import { APP_CLIENT_ID, APP_OBJECT_ID } from '../support/azure-env.js';
import { openApp, screenshot } from '../support/browser.js';
import { type CloudflareWorld, startCloudflareWorld } from '../support/cloudflare-env.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { seedCloudflareConnection, storedConnection } from '../support/seed.js';

const ORG = 'acme-corp';

describe('exports in Chromium: artifact pack, device key, signed bundle', () => {
  let world: CloudflareWorld;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;
  let seed: string;
  let exportDir: string;
  let tokenValue: string;

  beforeAll(async () => {
    world = await startCloudflareWorld();
    exportDir = mkdtempSync(join(tmpdir(), 'exports-e2e-'));
    // GCP is left unconfigured on purpose: the pack says so and still holds the rest.
    h = await createHarness({
      env: {
        ...world.env(),
        ALPHASWARM_ADMIN_EXPORT_DIR: exportDir,
        ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: PARTNER_ACCOUNT,
        ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: EXTERNAL_ID_SECRET,
        ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID: APP_CLIENT_ID,
        ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID: APP_OBJECT_ID,
      },
    });
    h.services.orgs.add(ORG, 'Acme Corp');
    const now = new Date(h.clock.now()).toISOString();
    h.services.integrations.save(storedConnection({ cloud: 'aws', orgId: ORG, record: { role_arn: `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/alphaswarm-broker-${ORG}`, external_id: 'e', region: 'us-east-1', account_id: CUSTOMER_ACCOUNT }, connectedAt: now }));
    tokenValue = seedCloudflareConnection(h, world, ORG, 70).value;
    seed = await h.enrollMfa();
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app.close();
    h.close();
    await world.fake.stop();
  });

  it('"Export artifacts" writes the pack and says which cloud was left out and why', async () => {
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('export-artifacts-button').click();
    await page.getByTestId('export-artifacts-result').waitFor();
    const result = await page.getByTestId('export-artifacts-result').textContent();
    expect(result).toContain(join(exportDir, 'packs', ORG));
    expect(await page.getByTestId('export-skipped-gcp').textContent()).toMatch(/Google Cloud left out: The audience AlphaSwarm's subject tokens carry .* is not set, so Google Cloud cannot be set up \(ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE\)/);
    expect(existsSync(join(exportDir, 'packs', ORG, 'aws', 'main.tf'))).toBe(true);
    expect(existsSync(join(exportDir, 'packs', ORG, 'gcp'))).toBe(false);
    await page.getByTestId('export-artifacts-result').locator('summary').click();
    await page.getByTestId('export-artifacts').scrollIntoViewIfNeeded();
    await screenshot(page, 'exports-1-artifact-pack');
  });

  it('"Export signed bundle" asks for step-up, signs, and the file verifies with the key Settings shows', async () => {
    await page.getByTestId('export-bundle-button').click();
    await page.getByTestId('step-up-code').waitFor();
    h.clock.advance(30_000);
    await page.getByTestId('step-up-code').fill(await codeAt(seed, h.clock.now() / 1000));
    await page.getByTestId('step-up-verify').click();
    await page.getByTestId('export-bundle-result').waitFor();
    expect(await page.getByTestId('export-bundle-note').first().textContent()).toMatch(/Cloudflare token for acme-corp \(\S+\) was left out/);
    const text = (await page.getByTestId('export-bundle-result').textContent())!;
    expect(text).toContain('Signed 2 connections into');
    expect(text).not.toContain(tokenValue);
    await page.getByTestId('export-bundle').scrollIntoViewIfNeeded();
    await screenshot(page, 'exports-2-signed-bundle');

    await page.goto(`${app.origin}/#/settings`);
    await page.getByTestId('device-key-fingerprint').waitFor();
    const fingerprint = (await page.getByTestId('device-key-fingerprint').textContent())!;
    expect(text).toContain(fingerprint);
    await page.getByTestId('device-key-save').click();
    await page.getByTestId('device-key-saved').waitFor();
    const jwkPath = (await page.getByTestId('device-key-saved').locator('code').textContent())!;
    await page.getByTestId('device-key-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'exports-3-device-key');

    // What the platform does with the two files.
    const bundlePath = /into (\S+\.jws)/.exec(text)![1]!;
    const verified = await verifyBundle(readFileSync(bundlePath, 'utf8'), await parsePinnedKeys(readFileSync(jwkPath, 'utf8'), jwkPath, DEVICE_KEYS), { audience: 'https://alpha-swarm.ai/platform', nowSec: h.clock.now() / 1000 });
    expect(verified.payload.bundle.connections.map((c) => c.cloud)).toEqual(['aws', 'cloudflare']);
    expect(verified.header.kid).toBe(fingerprint);
  });
});
