import { orgIdProblem } from '../../shared/domain/org-id.js';

export interface OrgListProblem {
  readonly line: number;
  readonly value: string;
  readonly problem: string;
}

/**
 * The orgs of a batch: a CSV with an `org_id` column, or one id per line. Blank lines and `#`
 * comments are ignored; bad and duplicate rows are reported with their line numbers and skipped.
 */
export function parseOrgList(text: string): { orgIds: string[]; problems: OrgListProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const orgIds: string[] = [];
  const problems: OrgListProblem[] = [];
  const seen = new Map<string, number>();
  let column = -1;
  let start = 0;
  const header = splitCsv(lines[0] ?? '').map((c) => c.trim().toLowerCase());
  if (header.includes('org_id')) {
    column = header.indexOf('org_id');
    start = 1;
  } else if (header.length > 1) {
    problems.push({ line: 1, value: lines[0]!, problem: 'The file has several columns but none is named org_id.' });
    return { orgIds, problems };
  }
  for (let i = start; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    const value = column >= 0 ? (splitCsv(raw)[column] ?? '').trim() : raw.trim();
    const problem = orgIdProblem(value);
    if (problem) {
      problems.push({ line: i + 1, value, problem });
      continue;
    }
    const first = seen.get(value);
    if (first !== undefined) {
      problems.push({ line: i + 1, value, problem: `Duplicate of line ${first}.` });
      continue;
    }
    seen.set(value, i + 1);
    orgIds.push(value);
  }
  return { orgIds, problems };
}

/** One CSV line into fields, honouring double quotes. */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}
