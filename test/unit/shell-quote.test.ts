import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../shared/artifacts/artifact.js';

describe('shell quoting of artifact values', () => {
  it.each([
    'alphaswarm-broker-acme',
    "assertion.sub == 'alphaswarm:org:acme'",
    'AlphaSwarm broker role for acme',
    'it\'s $HOME and `id` and "quotes" \\ !',
    '',
    'line\nbreak',
  ])('round-trips %j through a real shell', (value) => {
    expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(value)}`], { encoding: 'utf8' })).toBe(value);
  });

  it('prefers no quotes, then double quotes', () => {
    expect(shellQuote('a-b_c')).toBe('a-b_c');
    expect(shellQuote("x == 'y'")).toBe(`"x == 'y'"`);
  });
});
