import { z } from 'zod';

/** Shortest admin token Lifeline starts with. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

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
      .transform((value) => (value === '' ? undefined : value))
      // A short token can be guessed over the network; 16 characters is the least we accept.
      .refine((value) => value === undefined || value.length >= MIN_ADMIN_TOKEN_LENGTH, {
        error: `must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (for example the output of \`openssl rand -hex 24\`)`,
      }),
  })
  .strict()
  .prefault({});

/** Admin API settings. */
export type AdminConfig = z.infer<typeof adminConfigSchema>;
