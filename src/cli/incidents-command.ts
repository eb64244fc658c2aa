import type { Incident } from '../store/store.js';
import { callAdmin } from './admin-client.js';
import type { CommandResult } from './command-result.js';

/** Where and as whom the incident commands talk to a running Lifeline. */
export interface AdminTarget {
  url: string;
  token: string | undefined;
}

const HUMAN_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type HumanStatus = (typeof HUMAN_STATUSES)[number];

/** One line per incident: id, status, impact, title, started. */
export function formatIncidentList(incidents: Incident[]): string {
  if (incidents.length === 0) return 'no incidents';
  return incidents
    .map((incident) => `${incident.id}  ${incident.status.padEnd(13)} ${incident.impact.padEnd(8)} ${incident.title}  (started ${new Date(incident.createdAt).toISOString()}${incident.automatic ? ', automatic' : ''})`)
    .join('\n');
}

/** The incident with its timeline, oldest update first. */
export function formatIncident(incident: Incident): string {
  const lines = [`${incident.title} [${incident.status}, ${incident.impact} impact] ${incident.id}`];
  for (const update of incident.updates) {
    lines.push(`  ${new Date(update.createdAt).toISOString()}  ${update.status.padEnd(13)} ${update.automatic ? '(Lifeline) ' : '(operator) '}${update.body}`);
  }
  if (incident.postmortem) lines.push(`  postmortem: ${incident.postmortem}`);
  return lines.join('\n');
}

function fail(message: string): CommandResult {
  return { stdout: '', stderr: `lifeline: ${message}\n`, exitCode: 1 };
}

/** `lifeline incidents list [--unresolved]` */
export async function listIncidents(target: AdminTarget, options: { unresolved?: boolean; limit?: number }): Promise<CommandResult> {
  const query = new URLSearchParams({ ...(options.unresolved ? { unresolved: 'true' } : {}), ...(options.limit ? { limit: String(options.limit) } : {}) });
  const result = await callAdmin(target.url, target.token, 'GET', `/admin/incidents${query.size > 0 ? `?${query}` : ''}`);
  if (!result.ok) return fail(result.message);
  const incidents = (result.body as { incidents?: Incident[] }).incidents ?? (result.body as Incident[]);
  return { stdout: `${formatIncidentList(Array.isArray(incidents) ? incidents : [])}\n`, stderr: '', exitCode: 0 };
}

/** `lifeline incidents show <id>` */
export async function showIncident(target: AdminTarget, id: string): Promise<CommandResult> {
  const result = await callAdmin(target.url, target.token, 'GET', `/admin/incidents/${encodeURIComponent(id)}`);
  if (!result.ok) return fail(result.message);
  return { stdout: `${formatIncident(unwrap(result.body))}\n`, stderr: '', exitCode: 0 };
}

/** `lifeline incidents update <id> --status <s> --message <text>`: a human timeline entry. */
export async function updateIncident(target: AdminTarget, id: string, status: string, message: string): Promise<CommandResult> {
  if (!(HUMAN_STATUSES as readonly string[]).includes(status)) return fail(`--status must be one of ${HUMAN_STATUSES.join(', ')}`);
  const result = await callAdmin(target.url, target.token, 'POST', `/admin/incidents/${encodeURIComponent(id)}/updates`, { status, body: message });
  if (!result.ok) return fail(result.message);
  return { stdout: `${formatIncident(unwrap(result.body))}\n`, stderr: '', exitCode: 0 };
}

/** `lifeline incidents open --title <t> --message <text> [--impact …]`: an incident opened by a person. */
export async function openIncident(target: AdminTarget, fields: { title: string; message: string; impact?: string; status?: string }): Promise<CommandResult> {
  const result = await callAdmin(target.url, target.token, 'POST', '/admin/incidents', {
    title: fields.title,
    body: fields.message,
    ...(fields.impact ? { impact: fields.impact } : {}),
    ...(fields.status ? { status: fields.status } : {}),
  });
  if (!result.ok) return fail(result.message);
  return { stdout: `${formatIncident(unwrap(result.body))}\n`, stderr: '', exitCode: 0 };
}

/** `lifeline incidents postmortem <id> --message <text>` */
export async function postmortemIncident(target: AdminTarget, id: string, message: string): Promise<CommandResult> {
  const result = await callAdmin(target.url, target.token, 'PUT', `/admin/incidents/${encodeURIComponent(id)}/postmortem`, { body: message });
  if (!result.ok) return fail(result.message);
  return { stdout: `${formatIncident(unwrap(result.body))}\n`, stderr: '', exitCode: 0 };
}

/** The admin API answers an incident either bare or as `{ incident }`. */
function unwrap(body: unknown): Incident {
  const wrapped = (body as { incident?: Incident }).incident;
  return wrapped ?? (body as Incident);
}
