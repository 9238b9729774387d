import { readFileSync } from 'node:fs';
import { uptime } from 'node:os';

/**
 * Who wrote a `pending` audit row, precisely enough to tell that writer apart from a later process
 * that happens to get the same id (after a reboot, ids are reused): the pid, when that process
 * started, and which boot of the machine it ran in.
 */
export interface WriterIdentity {
  readonly pid: number;
  /** Linux: the process's start time in clock ticks since boot (/proc/<pid>/stat field 22); elsewhere its start time in ms. */
  readonly pidStart: string;
  /** Linux: the kernel's boot id; elsewhere "t:<boot time in ms>". */
  readonly boot: string;
}

const LINUX = process.platform === 'linux';
/** Boot times derived from uptime wobble by a few seconds between reads; closer than this is the same boot. */
const BOOT_TOLERANCE_MS = 120_000;

function linuxStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ")".
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function currentBoot(): string {
  if (LINUX) {
    try {
      return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      // A sandbox without /proc: fall through to the uptime estimate.
    }
  }
  return `t:${Math.round(Date.now() - uptime() * 1000)}`;
}

let self: WriterIdentity | undefined;

export function currentWriter(): WriterIdentity {
  self ??= {
    pid: process.pid,
    pidStart: (LINUX ? linuxStartTicks(process.pid) : undefined) ?? String(Math.round(Date.now() - process.uptime() * 1000)),
    boot: currentBoot(),
  };
  return self;
}

function sameBoot(a: string, b: string): boolean {
  if (a.startsWith('t:') && b.startsWith('t:')) return Math.abs(Number(a.slice(2)) - Number(b.slice(2))) < BOOT_TOLERANCE_MS;
  return a === b;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Is the process that wrote a pending row still running? Not if the machine rebooted since, not if
 * that pid is gone, and not if the pid now belongs to a process that started at another time.
 * Rows written before these fields existed carry only a pid: judged by it alone, as before.
 */
export function writerIsAlive(writer: { pid?: unknown; pidStart?: unknown; boot?: unknown }): boolean {
  if (typeof writer.pid !== 'number') return false;
  const me = currentWriter();
  const pidStart = typeof writer.pidStart === 'string' ? writer.pidStart : undefined;
  const boot = typeof writer.boot === 'string' ? writer.boot : undefined;
  if (boot !== undefined && !sameBoot(boot, me.boot)) return false;
  if (writer.pid === me.pid) return pidStart !== undefined && pidStart === me.pidStart;
  if (!pidExists(writer.pid)) return false;
  if (LINUX && pidStart !== undefined) {
    const now = linuxStartTicks(writer.pid);
    if (now !== undefined && now !== pidStart) return false;
  }
  return true;
}
