import { z } from 'zod';
import { CLOUD_KINDS } from '../domain/cloud.js';
import { defineChannel } from './contract.js';
import { orgIdSchema } from './schemas.js';

export const exportPack = defineChannel({
  domain: 'artifacts',
  method: 'exportPack',
  input: z.strictObject({ orgId: orgIdSchema, clouds: z.array(z.enum(CLOUD_KINDS)).min(1).max(4).optional() }),
  output: z.strictObject({
    directory: z.string(),
    files: z.array(z.strictObject({ path: z.string(), sha256: z.string() })),
    skipped: z.array(z.strictObject({ cloud: z.enum(CLOUD_KINDS), reason: z.string() })),
  }),
  summary: "Write every artifact of every cloud for an org, with a README and a manifest, to the export folder (offline).",
});

export const artifactChannels = [exportPack] as const;
