/**
 * Upstream response headers a client may see: request ids and rate-limit state. Everything else
 * (cookies, server internals, content-length of a body we may re-encode) stays behind.
 */
export function pickForwardableHeaders(headers: Record<string, string>): Record<string, string> {
  const picked: Record<string, string> = {};
  // for…in: Object.entries allocates a pair per header, on every answer.
  for (const name in headers) {
    const value = headers[name]!;
    if (
      name === 'request-id' ||
      name === 'x-request-id' ||
      name === 'x-amzn-requestid' ||
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
