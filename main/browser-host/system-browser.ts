import { spawn } from 'node:child_process';
import { externalLinkProblem } from '../../shared/ipc/links.js';

/** Open an allow-listed https link in the user's default browser (the Chromium fallback's shell.openExternal). */
export async function openInSystemBrowser(url: string): Promise<void> {
  const problem = externalLinkProblem(url);
  if (problem) throw new Error(problem);
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['explorer.exe', [url]] : ['xdg-open', [url]];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
