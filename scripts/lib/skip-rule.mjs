// npm test's rule on skipped tests: only the keychain suite may skip (no OS keychain answers
// there), and a test whose title declares the systems it applies to, "(only on darwin, linux)",
// skipped on a system it does not name, counts as not applicable there instead of hiding a gap.
// Any other skip fails the run. Used by scripts/test.mjs on every OS; tested in release-gates.test.ts.
import { join } from 'node:path';

const ONLY_ON = /\(only on ([a-z0-9, ]+)\)/;

/** The systems a test's title says it applies to ("(only on darwin, linux)"), or null when it does not say. */
export function declaredPlatforms(title) {
  const m = ONLY_ON.exec(title);
  return m ? m[1].split(',').map((p) => p.trim()).filter(Boolean) : null;
}

/**
 * Sorts a vitest JSON report's skipped tests: `notApplicable` (declared for other systems),
 * `keychain` (the keychain suite's count) and `violations` (everything else, each "file: title").
 * With `requireKeychain` (CI jobs that provide a keychain) a keychain skip is a violation too.
 */
export function classifySkips(report, { root, platform, requireKeychain = false }) {
  const out = { notApplicable: [], keychain: 0, violations: [] };
  for (const file of report.testResults ?? []) {
    const inKeychain = file.name.includes(join('test', 'keychain'));
    for (const a of file.assertionResults ?? []) {
      if (a.status === 'passed' || a.status === 'failed') continue;
      const title = a.fullName ?? a.title ?? '';
      const where = `${file.name.replace(`${root}/`, '').replace(`${root}\\`, '')}: ${title}`;
      const only = declaredPlatforms(title);
      if (inKeychain && requireKeychain) out.violations.push(`${where} — this job provides a keychain (ALPHASWARM_REQUIRE_KEYCHAIN), so the keychain suite must run`);
      else if (inKeychain) out.keychain += 1;
      else if (only && !only.includes(platform)) out.notApplicable.push(where);
      else out.violations.push(only ? `${where} — declared for ${platform}, so it must run here` : where);
    }
  }
  return out;
}
