/** An unknown value from outside (JSON, a JWK, a claim) as short text for a message: never "[object Object]". */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  try {
    return JSON.stringify(value).slice(0, 200);
  } catch {
    return typeof value;
  }
}
