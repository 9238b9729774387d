/**
 * The AWS SDK warns on every start that Node 20 will be unsupported from 2027. Users cannot act
 * on it from here, so it is switched off with the SDK's own setting (unless set otherwise).
 */
export function quietSdkWarnings(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
