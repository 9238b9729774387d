import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/security/csp.js';
import { readStaticFile } from '../../main/security/static-files.js';
import { externalLinkProblem } from '../../shared/ipc/links.js';

describe('renderer hardening', () => {
  it('index.html carries the same CSP main sends as a header', () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-/);
  });

  it('serves only files inside the renderer folder', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'static-')), 'root');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<html>');
    writeFileSync(join(root, 'assets', 'a.js'), 'x');
    writeFileSync(join(root, '..', 'outside.txt'), 'secret');
    expect((await readStaticFile(root, '/')).status).toBe(200);
    expect((await readStaticFile(root, '/assets/a.js')).contentType).toMatch(/javascript/);
    for (const p of ['/../outside.txt', '/assets/../../outside.txt', '/%2e%2e/outside.txt', '/..%2foutside.txt', '/assets/%00', '/%E0%A4%A']) {
      expect((await readStaticFile(root, p)).status, p).toBe(404);
    }
  });

  it('opens only https links to known cloud consoles', () => {
    expect(externalLinkProblem('https://console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks')).toBeUndefined();
    expect(externalLinkProblem('https://eu-west-1.console.aws.amazon.com/iam')).toBeUndefined();
    expect(externalLinkProblem('http://console.aws.amazon.com/')).toMatch(/Only https/);
    expect(externalLinkProblem('https://console.aws.amazon.com.evil.example/')).toMatch(/not one of/);
    expect(externalLinkProblem('https://user:pw@console.aws.amazon.com/')).toMatch(/credentials/);
    expect(externalLinkProblem('file:///etc/passwd')).toMatch(/Only https/);
    expect(externalLinkProblem('javascript:alert(1)')).toMatch(/Only https/);
    expect(externalLinkProblem('https://console.aws.amazon.com:8443/')).toMatch(/port/);
  });
});
