const REQUESTS_LIMIT = 10_000;
const TOKENS_LIMIT = 30_000_000;

/** Base headers of every OpenAI response (x-ratelimit-* use Go duration strings as the real API does). */
function baseHeaders(requestId: string, contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'x-request-id': requestId,
    'openai-version': '2020-10-01',
    'openai-processing-ms': '1',
    'openai-organization': 'org-lifeline-simulator',
    'x-ratelimit-limit-requests': String(REQUESTS_LIMIT),
    'x-ratelimit-limit-tokens': String(TOKENS_LIMIT),
    'x-ratelimit-remaining-requests': String(REQUESTS_LIMIT - 1),
    'x-ratelimit-remaining-tokens': String(TOKENS_LIMIT - 1_000),
    'x-ratelimit-reset-requests': '6ms',
    'x-ratelimit-reset-tokens': '2ms',
  };
}

/** Headers of a JSON response. */
export function openaiJsonHeaders(requestId: string): Record<string, string> {
  return baseHeaders(requestId, 'application/json');
}

/** Headers of an SSE response. */
export function openaiStreamHeaders(requestId: string): Record<string, string> {
  return baseHeaders(requestId, 'text/event-stream; charset=utf-8');
}

/** Formats milliseconds as a Go duration like the API's reset headers: `120ms`, `1s`, `6m0s`. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const totalSeconds = ms / 1000;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = Number((totalSeconds - minutes * 60).toFixed(3));
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}

/** Headers of a 429 from an exhausted token bucket refilling in `retryAfterSeconds`. */
export function exhaustedRateLimitHeaders(retryAfterSeconds: number): Record<string, string> {
  return {
    'x-ratelimit-remaining-requests': String(REQUESTS_LIMIT - 13),
    'x-ratelimit-remaining-tokens': '0',
    'x-ratelimit-reset-tokens': goDuration(retryAfterSeconds * 1000),
  };
}
