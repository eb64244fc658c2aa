import { parseRetryAfterMs } from '../providers/shared/retry-after.js';
import { SIGNATURE_HEADER, signPayload } from './webhook-signature.js';

/** One signed POST's outcome; `stopped` when the sender is shutting down. */
export type SignedPostOutcome = { ok: boolean; status: number | undefined; error: string | undefined; retryAfterMs: number | undefined } | 'stopped';

/** What {@link postSigned} sends and how. */
export interface SignedPost {
  url: string;
  body: string;
  /** Event and delivery headers (`x-lifeline-event`, `x-lifeline-delivery`). */
  headers: Record<string, string>;
  /** HMAC key for `x-lifeline-signature`; unsigned without one. */
  secret: string | undefined;
  nowMs: number;
  timeoutMs: number;
  /** Aborted when the sender stops. */
  stopping: AbortSignal;
  fetch: typeof fetch;
  userAgent: string;
}

/**
 * POSTs a JSON body signed like every Lifeline webhook (timestamp inside the signed text), with
 * no redirects followed and a time limit. Webhooks and deferred-job callbacks both send this way.
 */
export async function postSigned(post: SignedPost): Promise<SignedPostOutcome> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': post.userAgent, ...post.headers };
  // Signed per attempt, so a retry an hour later still passes the receiver's timestamp tolerance.
  if (post.secret) headers[SIGNATURE_HEADER] = signPayload(post.body, post.secret, Math.floor(post.nowMs / 1000));
  try {
    const response = await post.fetch(post.url, {
      method: 'POST',
      headers,
      body: post.body,
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(post.timeoutMs), post.stopping]),
    });
    await response.body?.cancel().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    const retryAfter = response.headers.get('retry-after');
    return {
      ok,
      status: response.status,
      error: ok ? undefined : `the receiver answered ${response.status}`,
      retryAfterMs: retryAfter === null ? undefined : parseRetryAfterMs({ 'retry-after': retryAfter }, post.nowMs),
    };
  } catch (error) {
    if (post.stopping.aborted) return 'stopped';
    return { ok: false, status: undefined, error: describeFetchError(error, post.url, post.timeoutMs), retryAfterMs: undefined };
  }
}

/** Exponential backoff with "equal jitter": never less than half the step, so retries do spread out but never bunch at zero. */
export function equalJitterBackoffMs(retryIndex: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceilingMs = Math.min(maxDelayMs, baseDelayMs * 2 ** retryIndex);
  return Math.round(ceilingMs / 2 + random() * (ceilingMs / 2));
}

/** A short reason for the delivery record; never the URL (it can hold a token, as Slack's do). */
function describeFetchError(error: unknown, url: string, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code;
  const message = cause ? `${error instanceof Error ? error.message : 'failed'}: ${typeof code === 'string' && !cause.message.includes(code) ? `${code} ` : ''}${cause.message}` : String(error instanceof Error ? error.message : error);
  return message.split(url).join('<webhook url>');
}
