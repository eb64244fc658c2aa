import { z } from 'zod';

const milliseconds = z.number().int().nonnegative();
const positiveMilliseconds = z.number().int().positive();

/** `resilience.retries`: same-target retries, their backoff, and the retry budget. */
const retriesSchema = z
  .object({
    /** Most extra tries on one target; the failure policy may allow fewer (server 1, overloaded 1, else 0). */
    max_retries_per_target: z.number().int().min(0).max(10),
    /** Full-jitter backoff: the first retry waits up to this long. */
    base_backoff_ms: milliseconds,
    /** No backoff exceeds this. */
    max_backoff_ms: milliseconds,
    /** Longest provider `retry-after` honoured by waiting; longer ones fail over instead. */
    max_retry_after_ms: milliseconds,
    /**
     * A 429 with a retry-after up to `max_retry_after_ms` when the provider has no other usable key:
     * `fail_over` to the next target at once, or `wait` for it and retry the same target once.
     */
    on_rate_limit: z.enum(['fail_over', 'wait']),
    /** Retries allowed as a percentage of requests in the window (Envoy's budget_percent). */
    budget_percent: z.number().min(0).max(100),
    /** Retries always allowed per window however low the traffic. */
    min_retries_per_window: z.number().int().min(0),
    /** Sliding window of the retry budget. */
    budget_window_ms: positiveMilliseconds,
  })
  .strict();

/** `resilience.breaker`: when a target's breaker opens and for how long (Envoy outlier-detection names). */
const breakerSchema = z
  .object({
    /** Open after this many countable failures in a row. */
    consecutive_failures: z.number().int().positive(),
    /** Or when this percentage of calls in the window failed ... */
    failure_rate_percent: z.number().min(1).max(100),
    /** ... and the window holds at least this many calls. */
    minimum_volume: z.number().int().positive(),
    /** Failure-rate window. */
    window_ms: positiveMilliseconds,
    /** First cooldown; doubles with each reopening. */
    base_ejection_time_ms: positiveMilliseconds,
    /** Cap of the growing cooldown. */
    max_ejection_time_ms: positiveMilliseconds,
  })
  .strict();

/** `resilience.keys`: key cooldowns when the provider gives no time. */
const keysSchema = z
  .object({
    auth_cooldown_ms: milliseconds,
    quota_cooldown_ms: milliseconds,
    rate_limit_cooldown_ms: milliseconds,
  })
  .strict();

/** `resilience.timeouts`: per attempt phase, plus the whole request across every attempt. */
const timeoutsSchema = z
  .object({
    connect_ms: positiveMilliseconds,
    /** Until response headers / the first byte. */
    first_byte_ms: positiveMilliseconds,
    /** From the headers of a stream until its first content (text, thinking or a tool call); `total_ms` bounds it too. */
    first_token_ms: positiveMilliseconds,
    /** Longest silence inside a body, before and after the first token. */
    idle_ms: positiveMilliseconds,
    /** Whole request, every attempt included, until the answer starts. */
    total_ms: positiveMilliseconds,
    /** Longest a started stream may run, from its response headers to its end; then it is cut as a timeout. */
    stream_max_ms: positiveMilliseconds,
  })
  .strict();

/** `resilience.hedging`: start a second attempt on the next target if the first is slow to answer. */
const hedgingSchema = z
  .object({
    enabled: z.boolean(),
    /** Wait before hedging: fixed, or `auto` = the target's recent time-to-first-token p95. */
    delay_ms: z.union([z.literal('auto'), positiveMilliseconds]),
    /** `auto` needs this many samples before trusting the p95 ... */
    min_samples: z.number().int().positive(),
    /** `auto` never hedges sooner than this, however fast the target usually is. */
    min_delay_ms: milliseconds,
    /** ... and uses this delay until then. */
    fallback_delay_ms: positiveMilliseconds,
    /** Extra attempts in flight at once. */
    max_hedged_attempts: z.number().int().min(1).max(3),
  })
  .strict();

/** `resilience.continuation`: continuing a stream that broke after output reached the client. */
const continuationSchema = z
  .object({
    /** Text kept per stream for a continuation; a stream that broke past this many characters ends with an error. */
    max_text_chars: z.number().int().positive(),
  })
  .strict();

/** `resilience.streams`: reading provider streams. */
const streamsSchema = z
  .object({
    /** Malformed events skipped in one stream; one more fails the stream as before. */
    max_malformed_events: z.number().int().min(0),
  })
  .strict();

/** The complete resilience settings, every field present (what the pipeline reads). */
export const resilienceOptionsSchema = z
  .object({
    retries: retriesSchema,
    breaker: breakerSchema,
    keys: keysSchema,
    timeouts: timeoutsSchema,
    hedging: hedgingSchema,
    continuation: continuationSchema,
    streams: streamsSchema,
  })
  .strict();

/** Complete resilience settings. */
export type ResilienceOptions = z.infer<typeof resilienceOptionsSchema>;

/**
 * Defaults, chosen to be conservative:
 * - retries: at most one same-target retry, 250 ms–2 s jittered backoff; wait for retry-after up
 *   to 10 s where the policy retries (overloaded, server); a rate limit fails over to the next key
 *   or target at once; retry budget 20% of requests (Envoy's default) with 3 per 10 s always allowed.
 * - breaker: open on 5 consecutive failures, or ≥ 50% of ≥ 10 calls in 30 s; eject 30 s,
 *   doubling per failed half-open trial up to 2 min (a successful probe half-opens it at once).
 * - keys: auth 1 h, quota 15 min, rate limit 30 s when the provider sent no retry-after.
 * - timeouts: connect 10 s, first byte 120 s, first token 120 s (reasoning models that think
 *   without streaming it can be silent for a minute or more), idle 60 s (as
 *   providers/shared/upstream-client.ts); total 10 min, the official SDKs' default request timeout;
 *   a stream 60 min (Claude Code asks for up to 128k output tokens: at 40 tokens/s that is 53 minutes).
 * - hedging: on (it only acts on routes with a next target); delay = the target's recent time to
 *   first token p95 (answer time for non-streaming requests) once 20 samples exist, never under
 *   1 s, else 5 s; one hedge.
 * - continuation: up to 1 000 000 characters of streamed text are kept for a continuation (more
 *   than any model writes in one answer: 128k output tokens are about 500 000 characters).
 * - streams: up to 3 malformed events per stream are skipped.
 */
export const DEFAULT_RESILIENCE: ResilienceOptions = {
  retries: {
    max_retries_per_target: 1,
    base_backoff_ms: 250,
    max_backoff_ms: 2_000,
    max_retry_after_ms: 10_000,
    on_rate_limit: 'fail_over',
    budget_percent: 20,
    min_retries_per_window: 3,
    budget_window_ms: 10_000,
  },
  breaker: {
    consecutive_failures: 5,
    failure_rate_percent: 50,
    minimum_volume: 10,
    window_ms: 30_000,
    base_ejection_time_ms: 30_000,
    max_ejection_time_ms: 120_000,
  },
  keys: {
    auth_cooldown_ms: 3_600_000,
    quota_cooldown_ms: 900_000,
    rate_limit_cooldown_ms: 30_000,
  },
  timeouts: {
    connect_ms: 10_000,
    first_byte_ms: 120_000,
    first_token_ms: 120_000,
    idle_ms: 60_000,
    total_ms: 600_000,
    stream_max_ms: 3_600_000,
  },
  hedging: {
    enabled: true,
    delay_ms: 'auto',
    min_samples: 20,
    min_delay_ms: 1_000,
    fallback_delay_ms: 5_000,
    max_hedged_attempts: 1,
  },
  continuation: { max_text_chars: 1_000_000 },
  streams: { max_malformed_events: 3 },
};

/**
 * What may be written: the top-level `resilience:` block or a route's own block. Every section
 * and field is optional; unknown keys are rejected so a typo never silently does nothing.
 */
export const resilienceOverrideSchema = z
  .object({
    retries: retriesSchema.partial().strict().optional(),
    breaker: breakerSchema.partial().strict().optional(),
    keys: keysSchema.partial().strict().optional(),
    timeouts: timeoutsSchema.partial().strict().optional(),
    hedging: hedgingSchema.partial().strict().optional(),
    continuation: continuationSchema.partial().strict().optional(),
    streams: streamsSchema.partial().strict().optional(),
  })
  .strict();

/** A partial resilience block as written in lifeline.yaml. */
export type ResilienceOverride = z.infer<typeof resilienceOverrideSchema>;

/** Layers `override` onto `base`, section by section and field by field. */
export function mergeResilience(base: ResilienceOptions, override: ResilienceOverride | undefined): ResilienceOptions {
  if (!override) return base;
  return {
    retries: { ...base.retries, ...definedFields(override.retries) },
    breaker: { ...base.breaker, ...definedFields(override.breaker) },
    keys: { ...base.keys, ...definedFields(override.keys) },
    timeouts: { ...base.timeouts, ...definedFields(override.timeouts) },
    hedging: { ...base.hedging, ...definedFields(override.hedging) },
    continuation: { ...base.continuation, ...definedFields(override.continuation) },
    streams: { ...base.streams, ...definedFields(override.streams) },
  };
}

/** Problems no single field can show (a maximum below its base); empty when consistent. */
export function resilienceIssues(options: ResilienceOptions): string[] {
  const issues: string[] = [];
  if (options.retries.max_backoff_ms < options.retries.base_backoff_ms) issues.push('retries.max_backoff_ms must be ≥ retries.base_backoff_ms');
  if (options.breaker.max_ejection_time_ms < options.breaker.base_ejection_time_ms) {
    issues.push('breaker.max_ejection_time_ms must be ≥ breaker.base_ejection_time_ms');
  }
  if (options.timeouts.total_ms < options.timeouts.first_byte_ms) issues.push('timeouts.total_ms must be ≥ timeouts.first_byte_ms');
  if (options.timeouts.stream_max_ms < options.timeouts.idle_ms) issues.push('timeouts.stream_max_ms must be ≥ timeouts.idle_ms');
  return issues;
}

/**
 * Parses the top-level `resilience:` block (absent → all defaults) into complete settings.
 * @example
 * const resilience = resilienceConfigSchema.parse(yaml.resilience);
 * const forRoute = mergeResilience(resilience, resilienceOverrideSchema.parse(route.resilience));
 */
export const resilienceConfigSchema = resilienceOverrideSchema
  .optional()
  .transform((override) => mergeResilience(DEFAULT_RESILIENCE, override))
  .superRefine((options, context) => {
    for (const message of resilienceIssues(options)) context.addIssue({ code: 'custom', message });
  });

/** Drops keys whose value is undefined so a spread never overwrites a default with undefined. */
function definedFields<T extends object>(section: T | undefined): Partial<T> {
  if (!section) return {};
  return Object.fromEntries(Object.entries(section).filter(([, value]) => value !== undefined)) as Partial<T>;
}
