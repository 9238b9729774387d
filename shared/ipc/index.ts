import type { z } from 'zod';
import type { ErrorData } from '../domain/errors.js';
import { artifactChannels } from './artifacts.js';
import { auditChannels } from './audit.js';
import { bundleChannels } from './bundles.js';
import { cloudOnboardingChannels } from './cloud-onboarding.js';
import { diagnosticsChannels } from './diagnostics.js';
import { draftChannels } from './drafts.js';
import { estateChannels } from './estate.js';
import { healthChannels } from './health.js';
import { linkChannels } from './links.js';
import { mfaChannels } from './mfa.js';
import { orgChannels } from './orgs.js';
import { platformChannels } from './platform.js';
import { presentingChannels } from './presenting.js';
import { settingsChannels } from './settings.js';
import { updateChannels } from './update.js';

/** Every channel the renderer may call. The preload and the browser bridge expose exactly these. */
export const ALL_CHANNELS = [
  ...orgChannels,
  ...cloudOnboardingChannels,
  ...draftChannels,
  ...estateChannels,
  ...mfaChannels,
  ...settingsChannels,
  ...auditChannels,
  ...healthChannels,
  ...artifactChannels,
  ...bundleChannels,
  ...linkChannels,
  ...diagnosticsChannels,
  ...updateChannels,
  ...platformChannels,
  ...presentingChannels,
] as const;

type AnyChannel = (typeof ALL_CHANNELS)[number];

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorData };

/** `window.alphaswarm`: one named function per channel, grouped by domain. */
export type AlphaswarmApi = {
  [D in AnyChannel['domain']]: {
    [C in Extract<AnyChannel, { domain: D }> as C['method']]: (
      input: z.input<C['input']>,
    ) => Promise<IpcResult<z.output<C['output']>>>;
  };
};

