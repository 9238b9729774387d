import type * as Sdk from './sdk.js';

export type AwsSdk = typeof Sdk;

let loaded: Promise<AwsSdk> | undefined;

/** The AWS SDK, imported on first use: offline commands (bootstrap, list) never load it. */
export function loadAwsSdk(): Promise<AwsSdk> {
  return (loaded ??= import('./sdk.js'));
}
