import { z } from 'zod';

const humanStatus = z.enum(['investigating', 'identified', 'monitoring', 'resolved'], {
  error: 'expected one of investigating, identified, monitoring, resolved',
});
const text = (what: string, limit: number) =>
  z
    .string({ error: `expected ${what} as a string` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(limit, { error: `${what} is limited to ${limit} characters` });

/** `POST /admin/incidents`: an incident opened by a person. */
export const newIncidentBodySchema = z
  .object({
    title: text('title', 200),
    body: text('body', 20_000),
    status: humanStatus.optional(),
    impact: z.enum(['none', 'minor', 'major', 'critical'], { error: 'expected one of none, minor, major, critical' }).optional(),
    /** Component ids such as `provider:anthropic` or `target:anthropic/claude-sonnet-4`. */
    components: z.array(z.string().regex(/^(provider|target):\S+$/, { error: 'expected a component id such as provider:anthropic' })).optional(),
  })
  .strict();

/** `POST /admin/incidents/:id/updates`. */
export const incidentUpdateBodySchema = z.object({ status: humanStatus, body: text('body', 20_000) }).strict();

/** `PUT /admin/incidents/:id/postmortem`. */
export const postmortemBodySchema = z.object({ body: text('body', 100_000) }).strict();

/** `GET /admin/webhooks/deliveries` query. */
export const deliveriesQuerySchema = z.object({
  state: z.enum(['pending', 'delivered', 'failed'], { error: 'state must be pending, delivered or failed' }).optional(),
  limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1).max(500).optional(),
});

/** `GET /admin/incidents` query. */
export const incidentsQuerySchema = z.object({
  unresolved: z.enum(['true', 'false'], { error: 'unresolved must be true or false' }).optional(),
  limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1).max(500).optional(),
});

/** One line per problem: `title: must not be empty; status: expected one of …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`).join('; ');
}
