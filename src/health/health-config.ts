import { z } from 'zod';

const positiveMs = z.number().int().positive();
const rate = z.number().min(0).max(1);

/** Active probes: a tiny request to a target that live traffic has left idle (Envoy's health check names). */
const probeSchema = z
  .object({
    /** Default true. */
    enabled: z.boolean().default(true),
    /** Between probes of an idle, passing target (Envoy's `no_traffic_interval`). Default 30 s. */
    interval_ms: positiveMs.default(30_000),
    /** Between probes while a failed probe waits for confirmation (Envoy's `unhealthy_interval`). Default 3 s. */
    unhealthy_interval_ms: positiveMs.default(3_000),
    /** A target counts as idle when no client traffic reached it for this long. Default 30 s. */
    idle_ms: positiveMs.default(30_000),
    /** Per probe. Default 10 s. */
    timeout_ms: positiveMs.default(10_000),
  })
  .strict();

/** Polling each provider's official Statuspage `summary.json`. */
const officialSchema = z
  .object({
    /** Default true (each provider's `status_page_url: false` turns one off). */
    enabled: z.boolean().default(true),
    /** Default 60 s. */
    interval_ms: positiveMs.default(60_000),
    /** Default 5 s. */
    timeout_ms: positiveMs.default(5_000),
  })
  .strict();

/**
 * Models clients name through a `provider/*` route target. Their names are client input, so what
 * Lifeline keeps per name is capped: only a model the provider answered gets its own breaker,
 * health component, probes and metric series, at most `max_per_provider` of them, dropped after
 * `ttl_ms` without client traffic. Every other name shares the provider's `provider/*` component.
 */
const dynamicTargetsSchema = z
  .object({
    /** Client-named models kept under their own name, per provider. Default 20. */
    max_per_provider: z.number().int().min(0).max(1_000).default(20),
    /** One not used by clients for this long is dropped, with its state. Default 1 h. */
    ttl_ms: positiveMs.default(60 * 60_000),
    /**
     * Show those models by name on the status page, its APIs and in incidents (an internal page).
     * Default false: the public page shows providers and configured targets only, and client-named
     * models count toward their provider and its `provider/*` component.
     */
    publish: z.boolean().default(false),
  })
  .strict();

/** When a component's error rate or latency counts as a problem. */
const thresholdsSchema = z
  .object({
    /** Error rate from which a component is degraded_performance. Default 0.05. */
    degraded_error_rate: rate.default(0.05),
    /** Error rate from which it is partial_outage. Default 0.25. */
    partial_error_rate: rate.default(0.25),
    /** Error rate from which it is major_outage. Default 0.75. */
    major_error_rate: rate.default(0.75),
    /** Attempts the recent window needs before its (faster-moving) error rate is trusted. Default 5. */
    min_requests: z.number().int().positive().default(5),
    /** Slow when latency p50 is at least this multiple of the component's own baseline... Default 3. */
    slow_factor: z.number().min(1).default(3),
    /** ...and at least this much above it. Default 2 000 ms. */
    slow_min_increase_ms: z.number().int().nonnegative().default(2_000),
    /** Latency samples the window needs before "slow" is judged. Default 10. */
    slow_min_samples: z.number().int().positive().default(10),
    /** Samples the baseline needs before it is trusted. Default 30. */
    baseline_min_samples: z.number().int().positive().default(30),
  })
  .strict()
  .refine((value) => value.degraded_error_rate <= value.partial_error_rate && value.partial_error_rate <= value.major_error_rate, {
    error: 'expected degraded_error_rate <= partial_error_rate <= major_error_rate',
  });

/** How much evidence moves a component out of, and back into, operational. */
const hysteresisSchema = z
  .object({
    /** Failures in the window before a component may leave operational. Default 3. */
    open_after_failures: z.number().int().positive().default(3),
    /** Consecutive successes that bring it back. Default 5. */
    recover_after_successes: z.number().int().positive().default(5),
    /** ...or this long without a failure, with at least one success since. Default 30 s. */
    recover_after_ms: positiveMs.default(30_000),
    /**
     * A major outage is shown as partial only after the lower rate held this long. While a breaker
     * keeps traffic off a failing target its error rate swings, and the page must not flip between
     * the two every few seconds. Default 15 s.
     */
    deescalate_after_ms: positiveMs.default(15_000),
  })
  .strict();

/**
 * The top-level `health:` block of lifeline.yaml. Every field is optional; the defaults are
 * written beside each field and collected in {@link DEFAULT_HEALTH}.
 * @example
 * health:
 *   window_ms: 30000
 *   probe: { interval_ms: 15000 }
 *   thresholds: { partial_error_rate: 0.2 }
 */
export const healthConfigSchema = z
  .object({
    /** The verdict window. Default 30 s. */
    window_ms: positiveMs.default(30_000),
    /** The recent part of the window whose error rate also counts, so an outage shows within seconds. Default 10 s. */
    recent_window_ms: positiveMs.default(10_000),
    /** The long window a component's normal latency is learnt from. Default 30 min. */
    baseline_window_ms: positiveMs.default(30 * 60_000),
    /** How often verdicts are recomputed without new events. Default 1 s. */
    evaluate_interval_ms: positiveMs.default(1_000),
    /** With neither traffic nor probes for this long, a verdict is kept but marked stale. Default 5 min. */
    stale_after_ms: positiveMs.default(5 * 60_000),
    probe: probeSchema.prefault({}),
    dynamic_targets: dynamicTargetsSchema.prefault({}),
    official: officialSchema.prefault({}),
    thresholds: thresholdsSchema.prefault({}),
    hysteresis: hysteresisSchema.prefault({}),
  })
  .strict()
  .refine((value) => value.recent_window_ms <= value.window_ms, { error: 'expected recent_window_ms <= window_ms' })
  .refine((value) => value.window_ms < value.baseline_window_ms, { error: 'expected window_ms < baseline_window_ms' });

/** The parsed `health:` block, defaults applied. */
export type HealthConfig = z.output<typeof healthConfigSchema>;

/** Every default of the `health:` block. */
export const DEFAULT_HEALTH: HealthConfig = healthConfigSchema.parse({});
