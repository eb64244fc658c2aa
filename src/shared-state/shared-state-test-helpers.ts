import type { CountChange } from './shared-state.js';

/* Waits and counts the shared-state tests share. */

/** Resolves with the first event `predicate` accepts. */
export function next<Event>(subscribe: (listener: (event: Event) => void) => { dispose(): void }, predicate: (event: Event) => boolean, timeoutMs = 3_000): Promise<Event> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error('no matching event in time'));
    }, timeoutMs);
    const subscription = subscribe((event) => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(event);
    });
  });
}

/** An increment of a client key's requests per minute. */
export const count = (amount: number, name = 'ci'): CountChange => ({ family: 'client-rpm', bucket: '60000', name, amount, ttlMs: 60_000 });

/** Polls `check` until true, failing after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
