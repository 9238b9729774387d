import { z } from 'zod';
import { defineChannel } from './contract.js';

/** The window's own errors, sent to main's log (the renderer has no file of its own). */
export const report = defineChannel({
  domain: 'diagnostics',
  method: 'report',
  input: z.strictObject({
    kind: z.enum(['render', 'unhandled']),
    message: z.string().max(2000),
    stack: z.string().max(8000).optional(),
  }),
  output: z.strictObject({ logged: z.boolean() }),
  summary: "Log an error the window caught (a screen that broke, an unhandled rejection) in main's log.",
});

export const diagnosticsChannels = [report] as const;
