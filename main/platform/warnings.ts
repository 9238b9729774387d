/**
 * The AWS SDK warns on every start that Node 20 will be unsupported from 2027. Users cannot act
 * on it from here, so it is dropped; every other warning is still printed.
 */
export function quietSdkWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.message.startsWith('NodeVersionSupportWarning')) return;
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}
