export interface BenchRow {
  readonly name: string;
  readonly value: string;
  readonly target: string;
  readonly ok: boolean | null;
}

export function printTable(rows: readonly BenchRow[]): void {
  const headers = ['benchmark', 'measured', 'target', 'ok'];
  const cells = rows.map((r) => [r.name, r.value, r.target, r.ok === null ? '–' : r.ok ? 'yes' : 'NO']);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

export function rate(n: number, ms: number): number {
  return (n / ms) * 1000;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
