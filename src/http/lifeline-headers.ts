import type { AnsweredBy } from '../pipeline/gateway-call.js';

/**
 * The response headers of a generation: the upstream's forwardable ones (on passthrough) and the
 * ones that say who really answered — the provider and model that produced the response, the
 * route that matched, and how many attempts it took (failed ones included). Built as Node's flat
 * `[name, value, name, value, …]` list: on the hot path it costs no object per header.
 */
export function answerHeaders(answeredBy: AnsweredBy, requestId: string): string[] {
  const list: string[] = [];
  if (answeredBy.passthrough) {
    const upstream = answeredBy.headers;
    for (const name in upstream) list.push(name, upstream[name]!);
  }
  const { provider, model } = answeredBy.target;
  let sent = 1;
  for (const failure of answeredBy.failures) if (!failure.skipped) sent++;
  list.push(
    'x-lifeline-request-id', requestId,
    'x-lifeline-provider', provider,
    'x-lifeline-model', model,
    'x-lifeline-target', `${provider}/${model}`,
    'x-lifeline-route', answeredBy.route,
    // Requests actually sent: a target skipped for an open circuit or cooling keys cost nothing.
    'x-lifeline-attempts', String(sent),
  );
  if (answeredBy.failures.length > 0) {
    list.push('x-lifeline-failovers', answeredBy.failures.map((failure) => `${failure.target.provider}/${failure.target.model}=${failure.skipped ?? failure.failureClass}`).join(', '));
  }
  return list;
}
