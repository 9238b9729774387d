import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layering } from '../../eslint.config.mjs';

const root = join(import.meta.dirname, '..', '..');

// Only the layering rule, with the project's own settings: each planted file is linted as if it
// sat where its path says, and must be refused by that rule alone.
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ languageOptions: { parser: tseslint.parser } }, layering],
});

async function layeringErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('layering is enforced by lint', () => {
  it.each([
    ['a renderer file importing main/', 'renderer/planted.ts', "import { createServices } from '../main/app/services.js';\nvoid createServices;"],
    ['a renderer file importing electron', 'renderer/planted.ts', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;"],
    ['a renderer file importing a Node built-in', 'renderer/planted.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;"],
    ['a shared file importing electron', 'shared/planted.ts', "import { app } from 'electron';\nvoid app;"],
    ['a shared file importing a Node built-in', 'shared/domain/planted.ts', "import { createHash } from 'node:crypto';\nvoid createHash;"],
    ['a shared file importing main/', 'shared/ipc/planted.ts', "import { AuditLog } from '../../main/audit/audit-log.js';\nvoid AuditLog;"],
    ['the preload importing main/', 'preload/planted.ts', "import { IpcRouter } from '../main/ipc/router.js';\nvoid IpcRouter;"],
    ['the preload importing shared/ beyond its IPC', 'preload/planted.ts', "import { SETTINGS } from '../shared/settings-schema.js';\nvoid SETTINGS;"],
    ['a lower layer of main importing main/app', 'main/bundles/planted.ts', "import { createServices } from '../app/services.js';\nvoid createServices;"],
    ['a lower layer of main importing main/ipc', 'main/audit/planted.ts', "import { IpcRouter } from '../ipc/router.js';\nvoid IpcRouter;"],
  ])('refuses %s', async (_what, path, code) => {
    const errors = await layeringErrors(path, code);
    expect(errors.length, errors.join('\n')).toBe(1);
    expect(errors[0]).toMatch(/^boundaries\/dependencies: /);
  });

  it.each([
    ['the renderer importing shared/', 'renderer/planted.ts', "import { CHANNEL_NAMES } from '../shared/ipc/channel-names.js';\nvoid CHANNEL_NAMES;"],
    ['the preload importing electron and shared/ipc', 'preload/planted.ts', "import { contextBridge } from 'electron';\nimport { CHANNEL_NAMES } from '../shared/ipc/channel-names.js';\nvoid contextBridge; void CHANNEL_NAMES;"],
    ['main/app importing a lower layer', 'main/app/planted.ts', "import { AuditLog } from '../audit/audit-log.js';\nvoid AuditLog;"],
  ])('allows %s', async (_what, path, code) => {
    expect(await layeringErrors(path, code)).toEqual([]);
  });
});
