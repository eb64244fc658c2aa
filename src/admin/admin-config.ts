import { z } from 'zod';

/**
 * The top-level `admin:` block. Without a token the admin API is off (it answers 403 saying how
 * to turn it on). `${LIFELINE_ADMIN_TOKEN}` left unset becomes '', which also means off.
 * @example adminConfigSchema.parse({ token: process.env.LIFELINE_ADMIN_TOKEN })
 */
export const adminConfigSchema = z
  .object({
    token: z
      .string()
      .optional()
      .transform((value) => (value === '' ? undefined : value)),
  })
  .strict()
  .prefault({});

/** Admin API settings. */
export type AdminConfig = z.infer<typeof adminConfigSchema>;
