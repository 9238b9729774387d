/** A name from the cloud is data: control and format characters (bidi overrides among them) become spaces. */
export function stripControl(value: string): string {
  return value.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim();
}

/**
 * Reads every node of a tree whose nodes are found while it is read (OUs, folders): a pool over a
 * queue that grows, at most `concurrency` nodes read at once. `read` pushes the children it finds
 * onto `queue`. The first failure stops new reads, and is thrown once the reads under way end
 * (`fallback` for a failure that is not an Error).
 */
export async function readGrowingQueue<N>(queue: N[], concurrency: number, read: (node: N) => Promise<void>, fallback: () => Error): Promise<void> {
  let active = 0;
  let failure: unknown;
  await new Promise<void>((resolve) => {
    const pump = () => {
      if (failure !== undefined || (queue.length === 0 && active === 0)) {
        if (active === 0) resolve();
        return;
      }
      while (active < concurrency && queue.length > 0) {
        const node = queue.shift()!;
        active += 1;
        read(node).then(
          () => {
            active -= 1;
            pump();
          },
          (error: unknown) => {
            failure ??= error;
            active -= 1;
            pump();
          },
        );
      }
    };
    pump();
  });
  if (failure !== undefined) throw failure instanceof Error ? failure : fallback();
}
