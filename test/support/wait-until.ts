/** What {@link waitUntil} found, and when. */
export interface WaitResult<Value> {
  value: Value;
  /** Epoch ms of the check that found it. */
  atMs: number;
}

/**
 * Polls `check` until it returns something other than undefined (real time: these tests measure
 * how long the product takes, so fake timers would defeat them). On timeout it throws with the
 * description and the last thing `describeLast` saw, so a failure says what the product showed.
 */
export async function waitUntil<Value>(
  check: () => Promise<Value | undefined> | Value | undefined,
  options: { timeoutMs: number; intervalMs?: number; description: string; describeLast?: () => string | Promise<string> },
): Promise<WaitResult<Value>> {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 100;
  for (;;) {
    const value = await check();
    const atMs = Date.now();
    if (value !== undefined) return { value, atMs };
    if (atMs >= deadline) {
      const last = options.describeLast ? `; last seen: ${await options.describeLast()}` : '';
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.description}${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Milliseconds as seconds with one decimal, for the measured figures the tests print. */
export function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
