import { fmt } from './table.js';

/** One figure from several runs: the median, with the spread beside it. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export async function repeat(runs: number, measure: () => number | Promise<number>): Promise<Spread> {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await measure());
  values.sort((a, b) => a - b);
  return { median: values[Math.floor(values.length / 2)]!, min: values[0]!, max: values[values.length - 1]! };
}

/** "1.23 (1.10–1.40)" with a unit and a scale (ms → s, say). */
export function spread(s: Spread, unit: string, scale = 1, digits = 2): string {
  return `${fmt(s.median / scale, digits)}${unit} (${fmt(s.min / scale, digits)}–${fmt(s.max / scale, digits)})`;
}
