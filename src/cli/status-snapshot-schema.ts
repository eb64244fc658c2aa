import { z } from 'zod';

/** Statuspage's component statuses, as Lifeline publishes them. */
export const componentStatus = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage']);

/**
 * What `lifeline status` reads from `/api/lifeline/status`: the fields the terminal view prints,
 * parsed leniently (unknown fields kept, optional ones nullable) so a newer server still reads.
 */
export const statusSnapshotSchema = z
  .object({
    pageName: z.string().nullish(),
    at: z.number(),
    overall: componentStatus,
    components: z.array(
      z
        .object({
          id: z.string(),
          kind: z.enum(['provider', 'target']),
          name: z.string(),
          parentId: z.string().nullish(),
          status: componentStatus,
          scope: z.string(),
          reason: z.string(),
          since: z.number(),
          lastOkAt: z.number().nullish(),
          official: z
            .object({
              status: z.string(),
              description: z.string().nullish(),
              incidents: z.array(z.string()).nullish(),
              error: z.string().nullish(),
            })
            .loose()
            .nullish(),
          officialPage: z.object({ name: z.string(), url: z.string() }).loose().nullish(),
        })
        .loose(),
    ),
  })
  .loose();

/** A status snapshot as read over HTTP. */
export type StatusSnapshot = z.output<typeof statusSnapshotSchema>;
