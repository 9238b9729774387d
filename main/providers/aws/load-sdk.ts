export type AwsSdk = typeof import('./sdk.js');

let loaded: Promise<AwsSdk> | undefined;

/** The AWS SDK, imported on first use: offline commands (bootstrap, list) never load it. */
export function loadAwsSdk(): Promise<AwsSdk> {
  return (loaded ??= import('./sdk.js'));
}
