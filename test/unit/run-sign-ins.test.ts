import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/domain/errors.js';
import { RunSignIns } from '../../main/providers/run-sign-ins.js';

describe('one sign-in per identity per run', () => {
  it('accounts checked side by side await the first sign-in instead of making their own', async () => {
    const run = new RunSignIns();
    let made = 0;
    let release!: (v: string) => void;
    const signIn = () => {
      made += 1;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const all = Promise.all([run.once('tenant-a', signIn), run.once('tenant-a', signIn), run.once('tenant-a', signIn)]);
    release('token');
    expect(await all).toEqual(['token', 'token', 'token']);
    expect(made).toBe(1);
    expect(await run.once('tenant-b', () => Promise.resolve('other'))).toBe('other');
  });

  it("a refusal is every account's answer; a network failure is tried again by the next account", async () => {
    const run = new RunSignIns();
    const refused = new AppError('cloud_denied', 'No federated credential matches.', 'Add it.');
    await expect(run.once('t', () => Promise.reject(refused))).rejects.toBe(refused);
    await expect(run.once('t', () => Promise.resolve('never asked'))).rejects.toBe(refused);
    const down = new AppError('cloud_unreachable', 'Entra could not be reached.', 'Retry.');
    await expect(run.once('u', () => Promise.reject(down))).rejects.toBe(down);
    expect(await run.once('u', () => Promise.resolve('token'))).toBe('token');
  });
});
