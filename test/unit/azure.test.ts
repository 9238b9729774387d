import { describe, expect, it } from 'vitest';
import { buildAzureBootstrap } from '../../shared/artifacts/azure.js';
import { federatedCredentialName, federatedCredentialNameProblem, guidProblem } from '../../shared/domain/azure.js';
import { subjectFor } from '../../shared/domain/subject.js';
import { aadstsCode, tokenFailure } from '../../main/providers/azure/entra-errors.js';

describe('GUIDs (tenant and subscription ids)', () => {
  it.each(['72f988bf-86f1-41af-91ab-2d7cd011db47', '72F988BF-86F1-41AF-91AB-2D7CD011DB47', '  72f988bf-86f1-41af-91ab-2d7cd011db47\n'])('accepts %j', (v) =>
    expect(guidProblem(v, 'tenant id')).toBeUndefined(),
  );
  it.each([
    ['', /empty/],
    ['{72f988bf-86f1-41af-91ab-2d7cd011db47}', /braces/],
    ['(72f988bf-86f1-41af-91ab-2d7cd011db47)', /braces/],
    ['00000000-0000-0000-0000-000000000000', /nil GUID/],
    ['72f988bf86f141af91ab2d7cd011db47', /not a GUID/],
    ['72f988bf-86f1-41af-91ab-2d7cd011db4g', /not a GUID/],
    ['72f988bf-86f1-41af-91ab-2d7cd011db47;', /not a GUID/],
    ['contoso.onmicrosoft.com', /not a GUID/],
    ['72f988bf-86f1-41af-91ab-2d7cd011db47 72f988bf-86f1-41af-91ab-2d7cd011db47', /not a GUID/],
  ])('refuses %j', (v, reason) => expect(guidProblem(v, 'tenant id')).toMatch(reason));
});

describe('subjects and credential names', () => {
  it('are per org, case-stable and within limits', () => {
    expect(subjectFor('acme-corp')).toBe('alphaswarm:org:acme-corp');
    expect(new TextEncoder().encode(subjectFor('x'.repeat(63))).length).toBeLessThanOrEqual(127);
    expect(federatedCredentialName('__platform__')).toBe('alphaswarm-platform');
    expect(federatedCredentialNameProblem(federatedCredentialName('__platform__'))).toBeUndefined();
    expect(federatedCredentialNameProblem(federatedCredentialName('x'.repeat(63)))).toBeUndefined();
    expect(federatedCredentialNameProblem('-x')).toBeDefined();
  });
});

describe('Azure bootstrap', () => {
  const input = {
    orgId: 'acme-corp',
    issuer: 'https://alpha-swarm.ai/oidc/',
    subject: 'alphaswarm:org:acme-corp',
    audience: 'api://AzureADTokenExchange',
    appClientId: '6a5f2f61-3c4c-4c8e-9a57-0f3b8b2d1e01',
    appObjectId: '0f1e2d3c-4b5a-4697-8877-665544332211',
    cloud: 'AzureCloud' as const,
    requiredRoles: ['Reader'],
  };
  it('uses "organizations" in the consent link until the tenant is known', () => {
    expect(buildAzureBootstrap(input).consentUrl).toBe('https://login.microsoftonline.com/organizations/adminconsent?client_id=6a5f2f61-3c4c-4c8e-9a57-0f3b8b2d1e01');
  });
  it('follows the sovereign cloud', () => {
    const gov = buildAzureBootstrap({ ...input, cloud: 'AzureUSGovernment', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
    expect(gov.consentUrl).toMatch(/^https:\/\/login\.microsoftonline\.us\/72f988bf/);
  });
  it('has no secret anywhere', () => {
    expect(JSON.stringify(buildAzureBootstrap(input))).not.toMatch(/secret|password|client_secret/i);
  });
});

describe('Entra error mapping', () => {
  const ctx = {
    tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    clientId: '6a5f2f61-3c4c-4c8e-9a57-0f3b8b2d1e01',
    presented: { iss: 'https://alpha-swarm.ai/oidc/', sub: 'alphaswarm:org:acme-corp', aud: 'api://AzureADTokenExchange' },
    consentUrl: 'https://login.microsoftonline.com/t/adminconsent?client_id=c',
    credentialName: 'alphaswarm-acme-corp',
  };
  it('reads the AADSTS code', () => {
    expect(aadstsCode('AADSTS7002138: No matching …\r\nTrace ID: x')).toBe('7002138');
    expect(aadstsCode('nothing here')).toBeUndefined();
  });
  it('reads the description out of MSAL\'s wrapping', () => {
    const wrapped = "Error(s): 50013 - Timestamp: 2026-11-28 10:49:56Z - Description: AADSTS50013: Assertion failed signature validation.\r\nTrace ID: x\r\nCorrelation ID: y - Correlation ID: y - Trace ID: x";
    expect(tokenFailure(wrapped, ctx).message).toBe('Entra refused the token request (AADSTS50013): Assertion failed signature validation.');
  });

  it('never quotes trace or correlation ids to the user', () => {
    const e = tokenFailure('AADSTS70021: No matching federated identity record found.\r\nTrace ID: abc\r\nCorrelation ID: def', ctx);
    expect(e.message).not.toContain('Trace ID');
    expect(e.details).toMatchObject({ presentedSubject: 'alphaswarm:org:acme-corp' });
  });
});
