import { parse } from 'csv-parse/sync';

export interface ListProblem {
  readonly line: number;
  readonly value: string;
  readonly problem: string;
}

export interface IdListOptions {
  /** The CSV column that holds the ids ("org_id", "account_id"). */
  readonly column: string;
  /** Why a value is not an id, or undefined. */
  readonly problem: (value: string) => string | undefined;
}

/**
 * A list of ids from a file: a CSV with the named column (parsed by csv-parse, so quoted fields may
 * hold commas and line breaks), or one id per line. Blank lines and `#` comments are ignored; bad
 * and duplicate rows are reported by the line they start on, and skipped.
 */
export function parseIdList(text: string, options: IdListOptions): { ids: string[]; problems: ListProblem[] } {
  const ids: string[] = [];
  const problems: ListProblem[] = [];
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    // With `info` and `raw`, csv-parse returns {record, raw, info} for each row (its types do not say so).
    records = parse(text, { bom: true, info: true, raw: true, relax_column_count: true, skip_empty_lines: true, comment: '#', comment_no_infix: true, record_delimiter: ['\r\n', '\n'] }) as unknown as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    return { ids, problems: [{ line: e.lines ?? 1, value: '', problem: `The file is not valid CSV: ${(e.message ?? 'unreadable').replace(/^Invalid[^:]*: /, '')}` }] };
  }
  if (records.length === 0) return { ids, problems };
  // A record's first line: where it ended, less the line breaks inside it (its raw text also
  // carries any blank lines skipped before it, and its own line end).
  const startLine = (r: (typeof records)[number]) => r.info.lines - (r.raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '').match(/\r?\n/g)?.length ?? 0);
  const header = records[0]!.record.map((c) => c.trim().toLowerCase());
  let column = -1;
  let rows = records;
  if (header.includes(options.column)) {
    column = header.indexOf(options.column);
    rows = records.slice(1);
  } else if (header.length > 1) {
    return { ids, problems: [{ line: startLine(records[0]!), value: records[0]!.raw.trim(), problem: `The file has several columns but none is named ${options.column}.` }] };
  }
  const seen = new Map<string, number>();
  for (const r of rows) {
    const line = startLine(r);
    const value = (column >= 0 ? (r.record[column] ?? '') : (r.record.join(','))).trim();
    const problem = options.problem(value);
    if (problem) {
      problems.push({ line, value, problem });
      continue;
    }
    const first = seen.get(value);
    if (first !== undefined) {
      problems.push({ line, value, problem: `Duplicate of line ${first}.` });
      continue;
    }
    seen.set(value, line);
    ids.push(value);
  }
  return { ids, problems };
}
