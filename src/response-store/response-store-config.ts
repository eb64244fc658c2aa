import { z } from 'zod';
import { durationMsSchema } from '../config/duration-schema.js';

/**
 * The top-level `responses:` block: how long Responses API responses stored with `store: true`
 * are kept for `previous_response_id` and `GET /v1/responses/{id}`, and how large one may be.
 * @example responseStoreConfigSchema.parse({ store_ttl: '7d', max_stored_bytes: 4194304 })
 */
export const responseStoreConfigSchema = z
  .object({
    /** How long a stored response stays readable (`30d`, like OpenAI's own retention). */
    store_ttl: durationMsSchema('30d'),
    /** Largest stored response (its input and output together, as JSON text); a larger one is not kept. */
    max_stored_bytes: z.number().int().min(1_024).default(16 * 1024 * 1024),
  })
  .strict()
  .prefault({});

/** The `responses:` block, defaults applied (`store_ttl` in milliseconds). */
export type ResponseStoreConfig = z.infer<typeof responseStoreConfigSchema>;
