/** The oldest Node.js release the packages support: the first 20.x with require() of ES modules. */
export const MINIMUM_NODE_VERSION = '20.19.0';

/**
 * Throws a plain message naming the Node.js version needed when `version` is older, so an
 * unsupported runtime fails at load instead of deep inside a dependency.
 */
export function assertSupportedNode(version: string | undefined): void {
  if (version === undefined) return; // not Node.js (a browser or worker bundle): nothing to check
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [needMajor = 0, needMinor = 0] = MINIMUM_NODE_VERSION.split('.').map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return;
  throw new Error(
    `@visma-auth needs Node.js ${MINIMUM_NODE_VERSION} or newer; this is Node.js ${version}. Upgrade Node.js.`,
  );
}
