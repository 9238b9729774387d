// Reads what codesign, spctl and stapler print about a macOS app, for the signed-build gate
// (scripts/check-mac-signature.mjs). Plain JavaScript: the release job runs it without tsx.

/** `Key=value` lines of `codesign --display --verbose=4` (it prints them on stderr). */
export function codesignFields(output) {
  const fields = {};
  for (const line of output.split(/\r?\n/)) {
    const m = /^([A-Za-z][A-Za-z ]*?)=(.*)$/.exec(line);
    if (!m) continue;
    const [, key, value] = m;
    if (key === 'Authority') (fields.Authority ??= []).push(value);
    else fields[key] = value;
  }
  return fields;
}

/**
 * What keeps an app from being a signed, notarised release: an empty list means it is one.
 * Each input is `{status, output}` from the tool; `team` is the TeamIdentifier it must carry, if known.
 */
export function signatureProblems({ codesign, spctl, stapler, team }) {
  const problems = [];
  const f = codesignFields(codesign.output);
  if (codesign.status !== 0) problems.push(`codesign could not read a signature (exit ${codesign.status}): ${firstLine(codesign.output)}`);
  else if (f.Signature === 'adhoc' || /\badhoc\b/.test(f.CodeDirectory ?? '')) problems.push('signed ad hoc, not with a Developer ID certificate (electron-builder found no signing identity)');
  const teamId = f.TeamIdentifier;
  if (codesign.status === 0 && (!teamId || teamId === 'not set')) problems.push('no TeamIdentifier in the signature');
  else if (team && teamId && teamId !== team) problems.push(`TeamIdentifier is ${teamId}, expected ${team}`);
  if (codesign.status === 0 && !(f.Authority ?? []).some((a) => a.startsWith('Developer ID Application:'))) problems.push('no "Developer ID Application" authority in the signature chain');
  if (spctl.status !== 0 || !/: accepted\b/.test(spctl.output)) problems.push(`Gatekeeper rejects it (spctl --assess): ${firstLine(spctl.output.replace(/^.*: /, ''))}`);
  else if (!/source=Notarized Developer ID/.test(spctl.output)) problems.push(`Gatekeeper accepts it, but not as notarised (${/source=(.*)/.exec(spctl.output)?.[1] ?? 'no source'})`);
  if (stapler.status !== 0 || !/The validate action worked!/.test(stapler.output)) problems.push(`no notarisation ticket stapled (xcrun stapler validate): ${lastLine(stapler.output)}`);
  return problems;
}

const lines = (s) => s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const firstLine = (s) => lines(s)[0] ?? '(no output)';
const lastLine = (s) => lines(s).at(-1) ?? '(no output)';
