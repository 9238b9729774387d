import type { TargetValues } from './types.js';

type Problem = (value: string) => string | undefined;

/** Why a typed field is wrong; nothing while it is still empty (the step says what is missing). */
export function problemIfTyped(values: TargetValues, name: string, problem: Problem): string | undefined {
  const v = values[name] ?? '';
  return v.trim() === '' ? undefined : problem(v);
}

/** A field's value once it is filled in and valid, trimmed; otherwise undefined. */
export function validValue(values: TargetValues, name: string, problem: Problem): string | undefined {
  const v = values[name]?.trim();
  return v && !problem(v) ? v : undefined;
}
