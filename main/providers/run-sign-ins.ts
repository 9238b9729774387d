import { AppError } from '../../shared/domain/errors.js';

/**
 * The sign-ins of one run over many accounts (connect many, the whole estate). Accounts reached by
 * one identity — an Azure tenant's app — share one sign-in per run: the first account's, made
 * afresh, and awaited by the accounts checked beside it. Outside a run, step 3 always signs in
 * afresh. All accounts of a run share the run's signal, so a shared sign-in is cancelled with it.
 */
export class RunSignIns {
  private readonly byIdentity = new Map<string, Promise<unknown>>();

  /**
   * The run's sign-in for this identity: made now by the first caller, shared by the rest. A refusal
   * (the cloud said no: no federated credential, no consent) is every account's answer; any other
   * failure (the network, a timeout) is tried again by the next account.
   */
  once<T>(identity: string, signIn: () => Promise<T>): Promise<T> {
    const known = this.byIdentity.get(identity) as Promise<T> | undefined;
    if (known) return known;
    const made = signIn();
    this.byIdentity.set(identity, made);
    made.catch((error: unknown) => {
      if (!(error instanceof AppError && error.code === 'cloud_denied')) this.byIdentity.delete(identity);
    });
    return made;
  }
}
