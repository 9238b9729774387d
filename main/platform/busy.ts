/**
 * What the app is in the middle of, asked before anything restarts it (an update): each source
 * answers with the work it has going, in words, or nothing. Sources are read when asked, so the
 * answer is never stale, and another part of the app (an outbox, say) adds itself with `add`.
 */
export type BusySource = () => string | undefined;

export class BusyRegistry {
  private readonly sources: BusySource[] = [];

  add(source: BusySource): void {
    this.sources.push(source);
  }

  /** What is going on right now; empty when a restart would interrupt nothing. */
  current(): string[] {
    return this.sources.map((s) => s()).filter((r): r is string => r !== undefined);
  }
}

/** "1 wizard" / "3 wizards": the count and the noun, for a busy reason. */
export function counted(n: number, one: string, many: string): string | undefined {
  return n === 0 ? undefined : `${n} ${n === 1 ? one : many}`;
}
