import type { FailureClass } from '../errors/index.js';

/**
 * What a failure class says about health. Mirrors `scope` in resilience/failure-policy.ts, with
 * one difference: `context_too_long` (and `invalid_request`) mean the provider answered, so for
 * health they count as answered requests, not failures.
 */
export type FailureGroup = 'provider' | 'key' | 'target' | 'answered' | 'ignored';

const GROUP_OF_CLASS: Readonly<Record<FailureClass, FailureGroup>> = {
  overloaded: 'provider',
  server: 'provider',
  timeout: 'provider',
  network: 'provider',
  auth: 'key',
  rate_limited: 'key',
  quota: 'key',
  not_found: 'target',
  invalid_request: 'answered',
  context_too_long: 'answered',
  // The client left: nothing was learnt about the provider.
  client_cancelled: 'ignored',
  // Lifeline failed, not the provider.
  internal: 'ignored',
};

/** The health group of a failure class. */
export function failureGroup(failureClass: FailureClass): FailureGroup {
  return GROUP_OF_CLASS[failureClass];
}

/** Failures of the given groups among `classes`. */
export function countFailures(classes: Partial<Record<FailureClass, number>>, groups: readonly FailureGroup[]): number {
  let total = 0;
  for (const [failureClass, count] of Object.entries(classes) as Array<[FailureClass, number]>) {
    if (groups.includes(GROUP_OF_CLASS[failureClass])) total += count;
  }
  return total;
}

/** How a failure class reads in a sentence ("12 of 14 requests failed: overloaded ×12"). */
export const CLASS_WORDS: Readonly<Record<FailureClass, string>> = {
  overloaded: 'overloaded',
  server: 'server errors',
  timeout: 'timeouts',
  network: 'connection failures',
  auth: 'rejected key (auth)',
  rate_limited: 'rate-limited',
  quota: 'out of quota',
  not_found: 'model not found',
  invalid_request: 'invalid requests',
  context_too_long: 'context too long',
  client_cancelled: 'cancelled by the client',
  internal: 'Lifeline internal errors',
};

/** `overloaded ×10, server errors ×2`, most frequent first. */
export function describeClasses(classes: Partial<Record<FailureClass, number>>): string {
  return (Object.entries(classes) as Array<[FailureClass, number]>)
    .filter(([, count]) => count > 0)
    .sort((left, right) => right[1] - left[1])
    .map(([failureClass, count]) => `${CLASS_WORDS[failureClass]} ×${count}`)
    .join(', ');
}
