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

/** A phrase as the start of a sentence ("the AWS STS endpoint" → "The AWS STS endpoint"). */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
