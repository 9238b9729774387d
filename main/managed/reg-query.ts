/**
 * Reads what `reg query <key>` prints (Windows policy registry): one line per value, four spaces
 * between name, type and data. A missing key is not an error here (no policy set); the caller
 * sees `null`. REG_DWORD / REG_QWORD data are hexadecimal (0x1); REG_MULTI_SZ items are joined by
 * the two characters \0.
 */
export interface RegValue {
  readonly name: string;
  readonly type: string;
  readonly data: string;
}

export function parseRegQuery(output: string): RegValue[] {
  const values: RegValue[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (m) values.push({ name: m[1]!, type: m[2]!, data: m[3] ?? '' });
  }
  return values;
}

/** A registry value as the text a setting holds; null for types a setting cannot take. */
export function regValueText(v: RegValue, boolean: boolean): string | string[] | null {
  switch (v.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return v.data;
    case 'REG_MULTI_SZ':
      return v.data === '' ? [] : v.data.split('\\0');
    case 'REG_DWORD':
    case 'REG_QWORD': {
      const n = Number.parseInt(v.data, 16);
      if (!Number.isFinite(n)) return null;
      return boolean && (n === 0 || n === 1) ? String(n === 1) : String(n);
    }
    default:
      return null;
  }
}
