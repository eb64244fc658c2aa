import { z } from 'zod';

/**
 * The parts of a Statuspage v2 `summary.json` Lifeline reads, parsed leniently: Atlassian pages,
 * incident.io's "Atlassian-compatible" pages (no incidents list, no groups) and older pages with
 * extra fields all pass.
 */
export const statuspageSummarySchema = z.looseObject({
  status: z.looseObject({ indicator: z.string().nullish(), description: z.string().nullish() }).nullish(),
  components: z
    .array(z.looseObject({ name: z.string().nullish(), status: z.string().nullish(), group: z.boolean().nullish() }))
    .nullish(),
  incidents: z.array(z.looseObject({ name: z.string().nullish(), status: z.string().nullish(), impact: z.string().nullish() })).nullish(),
});

/** A parsed `summary.json`. */
export type StatuspageSummary = z.output<typeof statuspageSummarySchema>;
