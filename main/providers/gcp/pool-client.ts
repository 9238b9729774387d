import type { IdentityPoolClient, IdentityPoolClientOptions } from 'google-auth-library';

/**
 * An IdentityPoolClient whose every request carries the call's signal and timeout. The library
 * makes its STS token exchange with a Gaxios of its own — no timeout, no signal — so that request
 * would run on after a Cancel or a deadline; here it gets this client's own transporter instead
 * (the `transporterOptions`: timeout, retry off, signal). Loaded on first use, like the library.
 */
export async function signalledPoolClient(options: IdentityPoolClientOptions & { token_url: string }): Promise<IdentityPoolClient> {
  const [{ IdentityPoolClient: Base }, { StsCredentials }] = await Promise.all([import('google-auth-library'), import('google-auth-library/build/src/auth/stscredentials.js')]);
  class SignalledPoolClient extends Base {
    constructor() {
      super(options);
      this.stsCredential = new StsCredentials({ tokenExchangeEndpoint: options.token_url, transporter: this.transporter });
    }
  }
  return new SignalledPoolClient();
}
