import { parse } from 'csv-parse/sync';

export interface ListProblem {
  readonly line: number;
  readonly value: string;
  readonly problem: string;
}

export interface IdListOptions {
  /**
   * The CSV column that holds the ids ("org_id", "account_id"), or the columns whose values make
   * one id together, joined by ":" (GCP's project_id and project_number).
   */
  readonly column: string | readonly string[];
  /** Why a value is not an id, or undefined. */
  readonly problem: (value: string) => string | undefined;
  /** An id's one spelling (a GUID in lowercase), so two spellings of one id are a duplicate. */
  readonly normalize?: (value: string) => string;
}

/**
 * Check ids in order: a bad one is reported by its line and skipped, and so is a repeat of one
 * already taken. Lists read from a file and values given one by one (CLI flags) share this;
 * `where` names a line as the person knows it ("line 4", "--project #2").
 */
export function checkIds(
  rows: readonly { readonly line: number; readonly value: string }[],
  options: Pick<IdListOptions, 'problem' | 'normalize'>,
  where: (line: number) => string = (line) => `line ${line}`,
): { ids: string[]; problems: ListProblem[] } {
  const ids: string[] = [];
  const problems: ListProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of rows) {
    const problem = options.problem(value);
    if (problem) {
      problems.push({ line, value, problem });
      continue;
    }
    const id = options.normalize ? options.normalize(value) : value;
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push({ line, value, problem: `Duplicate of ${where(first)}.` });
      continue;
    }
    seen.set(id, line);
    ids.push(id);
  }
  return { ids, problems };
}

/**
 * A list of ids from a file: a CSV with the named column(s) (parsed by csv-parse, so quoted fields
 * may hold commas and line breaks), or one id per line. Blank lines and `#` comments are ignored;
 * bad and duplicate rows are reported by the line they start on, and skipped.
 */
export function parseIdList(text: string, options: IdListOptions): { ids: string[]; problems: ListProblem[] } {
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    // With `info` and `raw`, csv-parse returns {record, raw, info} for each row (its types do not say so).
    records = parse(text, { bom: true, info: true, raw: true, relax_column_count: true, skip_empty_lines: true, comment: '#', comment_no_infix: true, record_delimiter: ['\r\n', '\n'] }) as unknown as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    return { ids: [], problems: [{ line: e.lines ?? 1, value: '', problem: `The file is not valid CSV: ${(e.message ?? 'unreadable').replace(/^Invalid[^:]*: /, '').replace(/\.?$/, '.')}` }] };
  }
  if (records.length === 0) return { ids: [], problems: [] };
  // A record's first line: where it ended, less the line breaks inside it (its raw text also
  // carries the blank and comment lines skipped before it, and its own line end).
  const startLine = (r: (typeof records)[number]) => r.info.lines - (r.raw.replace(/^(?:(?:#[^\r\n]*)?\r?\n)+/, '').replace(/\r?\n$/, '').match(/\r?\n/g)?.length ?? 0);
  const wanted = typeof options.column === 'string' ? [options.column] : options.column;
  const header = records[0]!.record.map((c) => c.trim().toLowerCase());
  const found = wanted.filter((c) => header.includes(c));
  const headerProblem = (problem: string) => ({ ids: [], problems: [{ line: startLine(records[0]!), value: records[0]!.raw.trim(), problem }] });
  if (found.length === 0 && header.length > 1) return headerProblem(`The file has several columns but none is named ${wanted.join(' or ')}.`);
  if (found.length > 0 && found.length < wanted.length) return headerProblem(`The file has a ${found.join(', ')} column but no ${wanted.filter((c) => !found.includes(c)).join(', ')} column.`);
  const columns = found.length ? wanted.map((c) => header.indexOf(c)) : undefined;
  const rows = (columns ? records.slice(1) : records).map((r) => ({
    line: startLine(r),
    value: columns ? columns.map((i) => (r.record[i] ?? '').trim()).join(':') : r.record.join(',').trim(),
  }));
  return checkIds(rows, options);
}
