import { describe, expect, it } from 'vitest';
import { otherOrgsHidden, presentingRefusal, scopeOutput, standInRefusal } from '../../main/presenting/presenting-scope.js';

const HIDDEN = [['/home/jane/.alphaswarm', '<data folder>'], ['/home/jane', '~'], ['jane@laptop', "<this laptop's user>"]] as const;

describe('presenting scope', () => {
  it('shows folders and the OS user as stand-ins, longest first', () => {
    const out = scopeOutput({ dir: '/home/jane/.alphaswarm/exports', home: '/home/jane/x', actor: 'app:jane@laptop (not verified)' }, 'globex', HIDDEN);
    expect(out).toEqual({ dir: '<data folder>/exports', home: '~/x', actor: "app:<this laptop's user> (not verified)" });
  });

  it('refuses a value sent back with a stand-in in it, wherever it sits in the payload', () => {
    for (const value of ['<data folder>/exports', '~/exports', '~', "a <this laptop's user> b"]) {
      expect(standInRefusal({ nested: [{ value }] }, HIDDEN)).toMatchObject({ code: 'bad_request', details: { reason: 'presenting_stand_in' } });
    }
    expect(standInRefusal({ value: '/srv/exports', name: 'x~y' }, HIDDEN)).toBeUndefined();
  });

  it('refuses laptop-wide changes and another org, and lets the presented org through', () => {
    for (const channel of ['settings:set', 'settings:unset', 'settings:importSecret', 'settings:resetVault', 'mfa:beginEnrollment', 'mfa:confirmEnrollment', 'settings:importProfile']) {
      expect(presentingRefusal(channel, {}, 'globex')?.code).toBe('precondition_failed');
    }
    expect(presentingRefusal('cloud:list', { orgId: 'acme-corp' }, 'globex')?.code).toBe('precondition_failed');
    expect(presentingRefusal('cloud:list', { orgId: 'globex' }, 'globex')).toBeNull();
    expect(presentingRefusal('settings:setTheme', { theme: 'dark' }, 'globex')).toBeNull();
  });
});

describe('other orgs named in free text', () => {
  it('read as "another organisation" by id or name, bounded by letters and digits, regex characters taken literally; the presented org keeps its own words', () => {
    const patterns = otherOrgsHidden(
      [
        { orgId: 'globex', displayName: 'Globex (Labs) A+B' },
        { orgId: 'acme', displayName: 'Acme' },
        { orgId: 'x', displayName: 'x' },
      ],
      { orgId: 'acme-corp', displayName: 'Acme Corp' },
    );
    const out = scopeOutput({ m: 'globex and Globex (Labs) A+B differ from globexx but not my-globex; acme-corp stays; x stays' }, 'acme-corp', [], patterns);
    expect(out.m).toBe('another organisation and another organisation differ from globexx but not my-another organisation; acme-corp stays; x stays');
  });

  it('sixteenth review: every spelling of another org reads as "another organisation" — upper case, "ss" for "ß", composed or not, accents dropped', () => {
    const patterns = otherOrgsHidden(
      [
        { orgId: 'grosse-gmbh', displayName: 'Große Holding' },
        { orgId: 'istanbul-ltd', displayName: 'İstanbul Ltd' },
        { orgId: 'cafe-co', displayName: 'Cafe\u0301 Noir' },
      ],
      { orgId: 'acme-corp', displayName: 'Acme Corp' },
    );
    const texts = ['GROSSE HOLDING', 'Grosse Holding', 'große holding', 'ISTANBUL LTD', 'istanbul ltd', 'İstanbul Ltd', 'Caf\u00e9 Noir', 'Cafe\u0301 Noir', 'CAFE NOIR'];
    for (const text of texts) expect(scopeOutput({ m: `sent to ${text}.` }, 'acme-corp', [], patterns).m).toBe('sent to another organisation.');
  });

  it("sixteenth review: another org's id inside the presented org's name is hidden everywhere else, and the name on the call stays whole", () => {
    const patterns = otherOrgsHidden([{ orgId: 'corp', displayName: 'Corp Industries' }], { orgId: 'acme-corp', displayName: 'Acme Corp' });
    const out = scopeOutput({ m: 'Acme Corp (acme-corp) is on the call; corp is not; ACME CORP stays' }, 'acme-corp', [], patterns);
    expect(out.m).toBe('Acme Corp (acme-corp) is on the call; another organisation is not; ACME CORP stays');
  });
});
