import { z } from 'zod';
import { REPORT_MESSAGE_MAX, REPORT_STACK_MAX } from '../domain/diagnostics.js';
import { defineChannel } from './contract.js';

/** The window's own errors, sent to main's log (the renderer has no file of its own). */
export const report = defineChannel({
  domain: 'diagnostics',
  method: 'report',
  input: z.strictObject({
    kind: z.enum(['render', 'unhandled']),
    message: z.string().max(REPORT_MESSAGE_MAX),
    stack: z.string().max(REPORT_STACK_MAX).optional(),
  }),
  output: z.strictObject({ logged: z.boolean() }),
  summary: "Log an error the window caught (a screen that broke, an unhandled rejection) in main's log.",
});

export const diagnosticsChannels = [report] as const;
