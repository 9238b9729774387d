import { z } from 'zod';
import { defineChannel } from './contract.js';

/**
 * Hosts the app may open in the system browser. Only https, only these, and only through main:
 * the page never gets a generic openExternal (CVE-2021-28119 and friends).
 */
export const EXTERNAL_LINK_HOSTS = [
  'console.aws.amazon.com',
  'console.amazonaws.cn',
  'console.amazonaws-us-gov.com',
  'docs.aws.amazon.com',
  'portal.azure.com',
  'portal.azure.us',
  'portal.azure.cn',
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'learn.microsoft.com',
  'console.cloud.google.com',
  'cloud.google.com',
  'dash.cloudflare.com',
  'developers.cloudflare.com',
  // The platform's own sign-in page (docs/platform-api.md §2.2): a self-hosted platform's page is copied, not opened.
  'alpha-swarm.ai',
] as const;

/** Why a link may not be opened, or undefined when it may. */
export function externalLinkProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'That is not a URL.';
  }
  if (url.protocol !== 'https:') return `Only https links are opened (this one is ${url.protocol}).`;
  if (url.username || url.password) return 'Links with credentials in them are not opened.';
  const host = url.hostname.toLowerCase();
  const known = EXTERNAL_LINK_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
  if (!known) return `${host} is not one of the cloud consoles (or the AlphaSwarm platform pages) this app opens.`;
  if (url.port !== '') return 'Links with an explicit port are not opened.';
  return undefined;
}

export const open = defineChannel({
  domain: 'links',
  method: 'open',
  input: z.strictObject({
    url: z
      .string()
      .max(8192)
      .superRefine((v, ctx) => {
        const problem = externalLinkProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  }),
  output: z.strictObject({ opened: z.literal(true) }),
  summary: 'Open a cloud console link in the system browser.',
});

export const linkChannels = [open] as const;
