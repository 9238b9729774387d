import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

/**
 * A busy neighbour: Debian's `stress-ng --cpu 1` beside the benchmark, as a laptop running a video
 * call is. Undefined when stress-ng is not installed (the rows say so instead of pretending).
 */
export function startNeighbour(): { stop(): Promise<void> } | undefined {
  if (spawnSync('stress-ng', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  const child: ChildProcess = spawn('stress-ng', ['--cpu', '1', '--quiet'], { stdio: 'ignore' });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
