import { describeValue } from '../../shared/domain/describe.js';
import { type IdListOptions, type ListProblem, parseIdList } from './id-list.js';

/** Why a value is not a 12-digit AWS account id, or undefined. */
export function awsAccountProblem(value: string): string | undefined {
  if (value === '') return 'The account id is empty.';
  return /^\d{12}$/.test(value) ? undefined : `"${value.slice(0, 40)}" is not a 12-digit AWS account id.`;
}

/** An AWS account list's column and rule, for a file and for ids given one by one. */
export const AWS_ACCOUNT_IDS: IdListOptions = { column: 'account_id', problem: awsAccountProblem };

/**
 * The AWS accounts to connect: one id per line, a CSV with an `account_id` column, or the JSON that
 * `aws organizations list-accounts` prints ({"Accounts": [{"Id": …}]}; suspended accounts are left out).
 */
export function parseAccountList(text: string): { ids: string[]; problems: ListProblem[]; skipped: string[] } {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      return { ids: [], skipped: [], problems: [{ line: 1, value: '', problem: `The file looks like JSON but is not (${(error as Error).message}).` }] };
    }
    const accounts = typeof parsed === 'object' && parsed !== null ? (parsed as { Accounts?: unknown }).Accounts : undefined;
    if (!Array.isArray(accounts)) return { ids: [], skipped: [], problems: [{ line: 1, value: '', problem: 'The JSON has no "Accounts" list (expected the output of aws organizations list-accounts).' }] };
    // One pass, duplicates found by a Set: a 4 MB paste is parsed in milliseconds, not minutes.
    const ids = new Set<string>();
    const skipped: string[] = [];
    const problems: ListProblem[] = [];
    accounts.forEach((a: unknown, i) => {
      if (typeof a !== 'object' || a === null || Array.isArray(a)) {
        problems.push({ line: i + 1, value: '', problem: `Accounts[${i}] is ${a === null ? 'null' : describeValue(a)}, not an account (an object with an "Id").` });
        return;
      }
      const record = a as { Id?: unknown; Status?: unknown };
      const id = typeof record.Id === 'string' ? record.Id : '';
      const problem = awsAccountProblem(id);
      if (problem) problems.push({ line: i + 1, value: id, problem: `Accounts[${i}]: ${problem}` });
      else if (record.Status !== undefined && record.Status !== 'ACTIVE') skipped.push(`${id} (${describeValue(record.Status)})`);
      else ids.add(id);
    });
    return { ids: [...ids], problems, skipped };
  }
  return { ...parseIdList(text, AWS_ACCOUNT_IDS), skipped: [] };
}
