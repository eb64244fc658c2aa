import { z } from 'zod';

const milliseconds = z.number().int().nonnegative();

/**
 * The top-level `incidents:` block. Every field is optional; unknown keys are rejected so a typo
 * never silently does nothing.
 * @example incidentsConfigSchema.parse({ open_after_ms: 15_000 })
 */
export const incidentsConfigSchema = z
  .object({
    /** Open, update and resolve incidents from health verdicts; admins can still write incidents when off. */
    enabled: z.boolean().default(true),
    /** How long a component must stay out of `operational` before an incident opens (debounce). */
    open_after_ms: milliseconds.default(30_000),
    /** How long every affected component must stay `operational` before the incident resolves. */
    resolve_after_ms: milliseconds.default(120_000),
    /** Also open incidents when only the provider's status page reports a problem (our traffic looks fine). */
    official_only: z.boolean().default(false),
  })
  .strict()
  // prefault (not default) so an absent block still gets each field's default.
  .prefault({});

/** Settings of automatic incidents, defaults applied. */
export type IncidentsConfig = z.infer<typeof incidentsConfigSchema>;
