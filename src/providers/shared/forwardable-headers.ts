/**
 * Upstream response headers a client may see: request ids and rate-limit state. Everything else
 * (cookies, server internals, content-length of a body we may re-encode) stays behind.
 */
export function pickForwardableHeaders(headers: Record<string, string>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (
      name === 'request-id' ||
      name === 'x-request-id' ||
      name === 'retry-after' ||
      name === 'retry-after-ms' ||
      name.startsWith('anthropic-ratelimit-') ||
      name.startsWith('anthropic-priority-') ||
      name.startsWith('x-ratelimit-') ||
      name === 'openai-processing-ms'
    ) {
      picked[name] = value;
    }
  }
  return picked;
}
