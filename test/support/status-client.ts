import { z } from 'zod';
import { componentStatus, statusSnapshotSchema } from '../../src/cli/status-snapshot-schema.js';

/** `/api/lifeline/status`: read with the same schema `lifeline status` uses, the API's client side. */
const lifelineStatusSchema = statusSnapshotSchema;

const statuspageComponentSchema = z.object({ id: z.string(), name: z.string(), status: componentStatus, group_id: z.string().nullish() }).loose();

const statuspageIncidentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    impact: z.string(),
    created_at: z.string(),
    resolved_at: z.string().nullish(),
    incident_updates: z.array(z.object({ status: z.string(), body: z.string() }).loose()),
    components: z.array(statuspageComponentSchema),
  })
  .loose();

const summarySchema = z
  .object({
    status: z.object({ indicator: z.string(), description: z.string() }).loose(),
    components: z.array(statuspageComponentSchema),
    incidents: z.array(statuspageIncidentSchema),
  })
  .loose();

const incidentsSchema = z.object({ incidents: z.array(statuspageIncidentSchema) }).loose();

/** Lifeline's own status document. */
export type LifelineStatus = z.infer<typeof lifelineStatusSchema>;
/** One verdict in it. */
export type LifelineVerdict = LifelineStatus['components'][number];
/** Statuspage `summary.json`. */
export type StatuspageSummary = z.infer<typeof summarySchema>;
/** One Statuspage incident. */
export type StatuspageIncident = z.infer<typeof statuspageIncidentSchema>;

async function getJson<Schema extends z.ZodType>(url: string, schema: Schema, headers: Record<string, string> = {}): Promise<z.output<Schema>> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return schema.parse(JSON.parse(text));
}

/** Reads a running Lifeline's public status APIs the way a monitor would. */
export function statusClient(baseUrl: string) {
  return {
    lifelineStatus: () => getJson(`${baseUrl}/api/lifeline/status`, lifelineStatusSchema),
    summary: () => getJson(`${baseUrl}/api/v2/summary.json`, summarySchema),
    unresolvedIncidents: async () => (await getJson(`${baseUrl}/api/v2/incidents/unresolved.json`, incidentsSchema)).incidents,
    incidents: async () => (await getJson(`${baseUrl}/api/v2/incidents.json`, incidentsSchema)).incidents,
    /** Raw text of a path, for checks that a secret appears nowhere. */
    text: async (path: string, headers: Record<string, string> = {}) => (await fetch(`${baseUrl}${path}`, { headers })).text(),
  };
}

/** The client {@link statusClient} returns. */
export type StatusClient = ReturnType<typeof statusClient>;

/** A provider's verdict in Lifeline's status document; throws when the provider is missing. */
export function providerVerdict(status: LifelineStatus, provider: string): LifelineVerdict {
  const verdict = status.components.find((component) => component.id === `provider:${provider}`);
  if (!verdict) throw new Error(`no verdict for provider ${provider} in ${status.components.map((component) => component.id).join(', ')}`);
  return verdict;
}

/** A provider's (group) component in `summary.json`; throws when it is missing. */
export function summaryComponent(summary: StatuspageSummary, provider: string): StatuspageSummary['components'][number] {
  const component = summary.components.find((candidate) => candidate.name === provider && !candidate.group_id);
  if (!component) throw new Error(`no component ${provider} in summary.json (${summary.components.map((candidate) => candidate.name).join(', ')})`);
  return component;
}
