import { z } from 'zod';

/** Default prefix of Lifeline's keys and channel in Redis. */
export const DEFAULT_REDIS_PREFIX = 'lifeline:';

/**
 * The `state:` block: where the routing state (breakers, key cooldowns, retry budget, client-key
 * rate counters) lives. Without `redis_url` each instance keeps its own (the zero-setup default).
 */
export const stateConfigSchema = z
  .object({
    /** `redis://[:password@]host:6379[/db]`; `${VAR}` keeps the password out of the file. */
    redis_url: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, { error: 'expected a Redis URL such as redis://:${REDIS_PASSWORD}@redis.internal:6379' })
      .optional(),
    /** Prefix of every key and channel, so several fleets (or test runs) can share one Redis. */
    redis_prefix: z.string().min(1).max(100).default(DEFAULT_REDIS_PREFIX),
    /** How long a starting instance waits for Redis before it starts on its own state. */
    join_timeout_ms: z.number().int().min(0).max(60_000).default(2_000),
  })
  .strict()
  .prefault({});

/** The `state:` block as settings. */
export interface StateSettings {
  redisUrl?: string;
  redisPrefix: string;
  joinTimeoutMs: number;
}

/** The `state:` block as settings. */
export function resolveState(file: z.output<typeof stateConfigSchema>): StateSettings {
  return { ...(file.redis_url !== undefined ? { redisUrl: file.redis_url } : {}), redisPrefix: file.redis_prefix, joinTimeoutMs: file.join_timeout_ms };
}
