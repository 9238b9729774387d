/** An HCL string literal: quotes and backslashes escaped, and template sequences (${ %{) neutralised. */
export function hcl(value: string): string {
  // Most values need no escaping; skipping five replaces matters across a 10,000-org batch.
  if (!/[\\"\n$%]/.test(value)) return `"${value}"`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')}"`;
}

/** A heredoc holding JSON verbatim (for IAM policy documents). */
export function jsonHeredoc(json: string): string {
  return `<<-EOT\n${json
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')}`)
    .join('\n')}\n  EOT`;
}
