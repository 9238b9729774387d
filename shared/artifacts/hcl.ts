const HCL_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  // Template sequences must stay literal: "$${" and "%%{" are HCL's own escapes for them.
  '${': '$${',
  '%{': '%%{',
};

/**
 * An HCL string literal: quotes, backslashes and control characters escaped, and template
 * sequences (${ and %{) neutralised. Replacement is by function, never by a replacement string,
 * where "$$" would collapse to "$" and undo the escape.
 */
export function hcl(value: string): string {
  // Most values need no escaping; skipping the replace matters across a 10,000-org batch.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  if (!/[\\"\u0000-\u001f\u007f$%]/.test(value)) return `"${value}"`;
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  return `"${value.replace(/[\\"\u0000-\u001f\u007f]|\$\{|%\{/g, (m) => HCL_ESCAPES[m] ?? `\\u${m.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** A heredoc holding JSON verbatim (for IAM policy documents), template sequences neutralised. */
export function jsonHeredoc(json: string): string {
  const body = json.trimEnd();
  // One pass over the whole document, not one per line: a pack of thousands of orgs builds these.
  const safe = /[$%]\{/.test(body) ? body.replace(/\$\{|%\{/g, (m) => HCL_ESCAPES[m]!) : body;
  return `<<-EOT\n    ${safe.replaceAll('\n', '\n    ')}\n  EOT`;
}
