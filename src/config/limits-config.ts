import { z } from 'zod';

const MIB = 1024 * 1024;

/**
 * The top-level `limits:` block: how much of a provider's answer Lifeline will hold. Defaults are
 * far above any real answer (a 128k-token answer is well under 2 MB; a tool call's arguments can be
 * large, not unbounded). `max_response_bytes` is capped at 256 MiB: the whole text must fit in one
 * string for JSON.parse, and V8 refuses strings past about 512 MiB.
 * @example limitsConfigSchema.parse({ max_response_bytes: 8_388_608 })
 */
export const limitsConfigSchema = z
  .object({
    /** A non-streaming 2xx answer larger than this is cut and counted as a bad answer of the provider. Default 64 MiB. */
    max_response_bytes: z.number().int().positive().max(256 * MIB).default(64 * MIB),
    /** An error answer is read up to this many bytes and classified by its status and what was read. Default 1 MiB. */
    max_error_body_bytes: z.number().int().positive().max(64 * MIB).default(MIB),
    /** One server-sent event (all its lines) larger than this ends the stream as a bad answer of the provider. Default 16 MiB. */
    max_sse_event_bytes: z.number().int().positive().max(256 * MIB).default(16 * MIB),
  })
  .strict()
  // prefault (not default) so an absent block still gets each field's default.
  .prefault({});

/** The limits, defaults applied. */
export type LimitsConfig = z.infer<typeof limitsConfigSchema>;

/** The defaults, for configurations built without a file. */
export const DEFAULT_LIMITS: LimitsConfig = limitsConfigSchema.parse({});
