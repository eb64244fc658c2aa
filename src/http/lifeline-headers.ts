import type { AnsweredBy } from '../pipeline/gateway.js';

/**
 * Headers that say who really answered: the provider and model that produced the response, the
 * route that matched, and how many attempts it took (failed ones included).
 */
export function lifelineHeaders(answeredBy: AnsweredBy, requestId: string): Record<string, string> {
  return {
    'x-lifeline-request-id': requestId,
    'x-lifeline-provider': answeredBy.target.provider,
    'x-lifeline-model': answeredBy.target.model,
    'x-lifeline-target': `${answeredBy.target.provider}/${answeredBy.target.model}`,
    'x-lifeline-route': answeredBy.route,
    // Requests actually sent: a target skipped for an open circuit or cooling keys cost nothing.
    'x-lifeline-attempts': String(answeredBy.failures.filter((failure) => !failure.skipped).length + 1),
    ...(answeredBy.failures.length > 0
      ? {
          'x-lifeline-failovers': answeredBy.failures
            .map((failure) => `${failure.target.provider}/${failure.target.model}=${failure.skipped ?? failure.failureClass}`)
            .join(', '),
        }
      : {}),
  };
}
