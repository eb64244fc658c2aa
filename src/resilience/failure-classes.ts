import type { FailureClass } from '../errors/index.js';

/**
 * Every FailureClass as a runtime list, for tables and tests that must cover them all.
 * Belongs beside the type in errors/failure-class.ts; kept here because that file is a contract.
 */
export const FAILURE_CLASSES = [
  'invalid_request',
  'context_too_long',
  'auth',
  'rate_limited',
  'quota',
  'overloaded',
  'server',
  'timeout',
  'network',
  'not_found',
  'client_cancelled',
  'internal',
] as const satisfies readonly FailureClass[];

type UnlistedClass = Exclude<FailureClass, (typeof FAILURE_CLASSES)[number]>;
// Fails to compile when a FailureClass is added to the union but not to the list above.
const everyFailureClassListed: [UnlistedClass] extends [never] ? true : UnlistedClass = true;
void everyFailureClassListed;
