/**
 * Waits for the next whole second: Visma Connect's `exp` is in whole seconds, so a short token
 * issued right after one lives its full `expires_in`, and its refresh-ahead point is that far off.
 */
export function startOfNextSecond(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));
}
