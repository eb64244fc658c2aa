const ORGANIZATION_ID = '5f0c1e2d-3b4a-4968-8a7b-9c0d1e2f3a4b';
const REQUESTS_LIMIT = 4000;
const INPUT_TOKENS_LIMIT = 2_000_000;
const OUTPUT_TOKENS_LIMIT = 400_000;

let cachedSecond = -1;
let cachedRateLimitHeaders: Record<string, string> = {};

/** `anthropic-ratelimit-*` headers of a healthy account; rebuilt at most once a second (they only carry seconds). */
function healthyRateLimitHeaders(): Record<string, string> {
  const second = Math.floor(Date.now() / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    const resetSoon = new Date((second + 1) * 1000).toISOString().replace('.000Z', 'Z');
    cachedRateLimitHeaders = {
      'anthropic-ratelimit-requests-limit': String(REQUESTS_LIMIT),
      'anthropic-ratelimit-requests-remaining': String(REQUESTS_LIMIT - 1),
      'anthropic-ratelimit-requests-reset': resetSoon,
      'anthropic-ratelimit-input-tokens-limit': String(INPUT_TOKENS_LIMIT),
      'anthropic-ratelimit-input-tokens-remaining': String(INPUT_TOKENS_LIMIT),
      'anthropic-ratelimit-input-tokens-reset': resetSoon,
      'anthropic-ratelimit-output-tokens-limit': String(OUTPUT_TOKENS_LIMIT),
      'anthropic-ratelimit-output-tokens-remaining': String(OUTPUT_TOKENS_LIMIT),
      'anthropic-ratelimit-output-tokens-reset': resetSoon,
      'anthropic-ratelimit-tokens-limit': String(INPUT_TOKENS_LIMIT + OUTPUT_TOKENS_LIMIT),
      'anthropic-ratelimit-tokens-remaining': String(INPUT_TOKENS_LIMIT + OUTPUT_TOKENS_LIMIT),
      'anthropic-ratelimit-tokens-reset': resetSoon,
    };
  }
  return cachedRateLimitHeaders;
}

/** `anthropic-ratelimit-*` headers of an exhausted input-token bucket that refills in `retryAfterSeconds`. */
export function exhaustedRateLimitHeaders(retryAfterSeconds: number): Record<string, string> {
  const now = Date.now();
  const reset = new Date(now + Math.max(1, retryAfterSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    ...healthyRateLimitHeaders(),
    'anthropic-ratelimit-requests-remaining': String(REQUESTS_LIMIT - 13),
    'anthropic-ratelimit-input-tokens-remaining': '0',
    'anthropic-ratelimit-input-tokens-reset': reset,
    'anthropic-ratelimit-tokens-remaining': String(OUTPUT_TOKENS_LIMIT),
    'anthropic-ratelimit-tokens-reset': reset,
  };
}

/** Headers of a JSON response. */
export function anthropicJsonHeaders(requestId: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'request-id': requestId,
    'anthropic-organization-id': ORGANIZATION_ID,
    ...healthyRateLimitHeaders(),
  };
}

/** Headers of an SSE response. */
export function anthropicStreamHeaders(requestId: string): Record<string, string> {
  return {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'request-id': requestId,
    'anthropic-organization-id': ORGANIZATION_ID,
    ...healthyRateLimitHeaders(),
  };
}
