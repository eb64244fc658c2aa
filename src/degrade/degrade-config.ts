import { z } from 'zod';

/**
 * A route's `degrade:` block: what a client gets when every target failed, before the honest
 * error. Both parts are opt-in (README "Deferred jobs and degradation").
 * @example degradeConfigSchema.parse({ cache: { ttl_s: 3600, max_entries: 500 }, answer: 'The assistant is unavailable; try again in a few minutes.' })
 */
export const degradeConfigSchema = z
  .object({
    /** Stale-if-error: the last answer to the exact same request, kept this long, at most this many. */
    cache: z
      .object({
        ttl_s: z.number().int().positive(),
        max_entries: z.number().int().positive().max(1_000_000),
        /** Serve one client key's cached answer to another (off: each key has its own entries). */
        share_across_keys: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** A fixed answer in the client's protocol, marked `x-lifeline-degraded: answer`. */
    answer: z.string().min(1).optional(),
  })
  .strict();

/** A route's degradation settings as resolved. */
export interface RouteDegradation {
  cache?: { ttlMs: number; maxEntries: number; shareAcrossKeys: boolean };
  answer?: string;
}

/** The file's block in resolved form. */
export function resolveDegradation(block: z.infer<typeof degradeConfigSchema> | undefined): RouteDegradation {
  if (!block) return {};
  return {
    ...(block.cache ? { cache: { ttlMs: block.cache.ttl_s * 1000, maxEntries: block.cache.max_entries, shareAcrossKeys: block.cache.share_across_keys } } : {}),
    ...(block.answer !== undefined ? { answer: block.answer } : {}),
  };
}
