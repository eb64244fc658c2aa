import { z } from 'zod';
import { durationMsSchema } from '../config/duration-schema.js';
import { optionalSecret } from '../notifications/notifications-config.js';


/**
 * The top-level `deferred:` block: how long deferred jobs live, how hard the runner pushes a
 * recovering provider, and how callbacks are signed and retried (README "Deferred jobs and degradation").
 * @example deferredConfigSchema.parse({ ttl: '12h', concurrency: 2, callback_secret: 's3cret' })
 */
export const deferredConfigSchema = z
  .object({
    /** How long a job waits for an answer before it ends `expired` (`30m`, `24h`, `7d`). */
    ttl: durationMsSchema('24h'),
    /** Jobs one instance runs at once (per route recovering); keeps a recovering provider from a stampede. */
    concurrency: z.number().int().min(1).max(256).default(4),
    /** A running job's lease; renewed every third of it while the run lasts, reclaimed by others once it runs out. */
    lease_ms: z.number().int().min(500).max(3_600_000).default(30_000),
    /** How often the runner looks for work it was not told about (other instances' jobs, expired leases). */
    poll_ms: z.number().int().min(50).max(600_000).default(5_000),
    /** HMAC-SHA256 key for the callback's `x-lifeline-signature` (as webhooks); without it callbacks are unsigned. */
    callback_secret: optionalSecret,
    /** Callback attempts per job, the first included. */
    callback_max_attempts: z.number().int().min(1).max(20).default(6),
    /** Delay before the first callback retry; doubles each time (with jitter) up to `callback_max_delay_ms`. */
    callback_base_delay_ms: z.number().int().min(1).default(1_000),
    callback_max_delay_ms: z.number().int().min(1).default(60_000),
  })
  .strict()
  .prefault({});

/** The `deferred:` block, defaults applied (`ttl` in milliseconds). */
export type DeferredConfig = z.infer<typeof deferredConfigSchema>;

/** The defaults, for configurations built without a file. */
export const DEFAULT_DEFERRED: DeferredConfig = deferredConfigSchema.parse({});
