import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { setOrgRoleName } from '../../shared/ipc/settings.js';
import { SETTINGS_FILE_ROOT_SCHEMA, parseSettingsFile, settingsFileJsonSchema } from '../../shared/settings-file.js';

// IAM role names: 1–64 of letters, digits and + = , . @ _ - (IAM API reference, CreateRole).
const GOOD = ['a', 'Role+=,.@_-x', 'r'.repeat(64)];
const BAD = ['', 'r'.repeat(65), 'has space', 'naïve', 'a/b', 'x\u0000y'];
const MESSAGE = 'must be an IAM role name: 1–64 of letters, digits and + = , . @ _ -';

describe("an org's own AWS role name", () => {
  it('the channel takes what IAM takes and refuses the rest, saying what a role name is', () => {
    for (const roleName of GOOD) expect(setOrgRoleName.input.safeParse({ orgId: 'acme-corp', roleName }).success, roleName).toBe(true);
    for (const roleName of BAD) {
      const r = setOrgRoleName.input.safeParse({ orgId: 'acme-corp', roleName });
      expect(r.success, JSON.stringify(roleName)).toBe(false);
      expect(r.error?.issues[0]?.message).toBe(MESSAGE);
    }
  });

  it('the settings file keeps the valid overrides and names each one it ignores', () => {
    const orgs = Object.fromEntries([...GOOD.map((r, i) => [`good-${i}`, { awsRoleName: r }]), ...BAD.map((r, i) => [`bad-${i}`, { awsRoleName: r }]), ['Not_An_Org', { awsRoleName: 'ok' }]]);
    const parsed = parseSettingsFile({ __internal__: { migrations: { version: '2.0.0' } }, settings: {}, orgs });
    expect(parsed.data.orgs).toEqual(Object.fromEntries(GOOD.map((r, i) => [`good-${i}`, { awsRoleName: r }])));
    expect(parsed.problems).toEqual([...BAD.map((_, i) => `the overrides for "bad-${i}" are not valid (awsRoleName must be an IAM role name)`), '"Not_An_Org" is not an org id']);
  });

  it("conf's write schema agrees with the reader", () => {
    const validate = new Ajv({ useDefaults: true }).compile({ type: 'object', properties: settingsFileJsonSchema(), ...SETTINGS_FILE_ROOT_SCHEMA });
    for (const r of GOOD) expect(validate({ orgs: { 'acme-corp': { awsRoleName: r } } }), r).toBe(true);
    for (const r of BAD) expect(validate({ orgs: { 'acme-corp': { awsRoleName: r } } }), JSON.stringify(r)).toBe(false);
    expect(validate({ orgs: { Not_An_Org: { awsRoleName: 'ok' } } })).toBe(false);
  });
});
