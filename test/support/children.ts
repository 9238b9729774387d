import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Start `count` copies of a test child (node --import tsx), wait until every one has said READY,
 * then release them all at once with "go" on standard input: their work overlaps for real.
 */
export async function runTogether(script: string, count: number, argsFor: (i: number) => string[], env: Record<string, string>): Promise<ChildRun[]> {
  const children = Array.from({ length: count }, (_, i) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(script), ...argsFor(i)], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const ready = new Promise<void>((done) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('READY\n')) done();
      });
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<ChildRun>((done) => child.on('exit', (code) => done({ code, stdout: stdout.replace('READY\n', ''), stderr })));
    return { child, ready, exited };
  });
  await Promise.all(children.map((c) => Promise.race([c.ready, c.exited])));
  for (const c of children) c.child.stdin.end('go\n');
  return Promise.all(children.map((c) => c.exited));
}
