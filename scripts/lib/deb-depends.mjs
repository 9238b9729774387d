// What a .deb must declare: electron-builder's own default Depends (GTK, NSS, libnotify, …) plus
// ours. Setting `deb.depends` replaces electron-builder's list instead of adding to it, so
// electron-builder.yml must spell the defaults out; this reads them from electron-builder itself.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** electron-builder's default Depends for a .deb, from the installed app-builder-lib. */
export function builderDefaultDebDepends() {
  const { default: FpmTarget } = require('app-builder-lib/out/targets/FpmTarget.js');
  return FpmTarget.prototype.getDefaultDepends.call(null, 'deb');
}

/** Package names in a Depends field: `a (>= 1), b | c` → [['a'], ['b', 'c']] (alternatives grouped). */
export function parseDepends(field) {
  return field
    .split(',')
    .map((group) => group.split('|').map((alt) => alt.trim().replace(/\s*\(.*\)$/, '').replace(/:any$/, '')).filter(Boolean))
    .filter((g) => g.length > 0);
}

/** Names the built package fails to declare (a name counts when it is any alternative of a group). */
export function missingDepends(field, required) {
  const declared = parseDepends(field).flat();
  return required.filter((name) => !declared.includes(name));
}
