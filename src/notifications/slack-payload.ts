import { formatUtcTime } from '../incidents/incident-wording.js';
import type { Incident } from '../store/store.js';
import type { WebhookEvent } from './notifications-config.js';

/** A Slack incoming-webhook message: `text` is the notification fallback, `blocks` the layout. */
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string } }
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: Array<{ type: 'mrkdwn'; text: string }> };

/** Slack's limits: header text 150 characters, section text 3000. */
const HEADER_LIMIT = 150;
const SECTION_LIMIT = 3000;

const EVENT_LABEL: Record<WebhookEvent, string> = {
  'incident.opened': 'Incident opened',
  'incident.updated': 'Incident updated',
  'incident.resolved': 'Incident resolved',
};

/**
 * Builds a Slack-compatible message for an incident event: a header with the title, the latest
 * update's text, and a context line with status, impact and start time.
 */
export function buildSlackPayload(event: WebhookEvent, incident: Incident, options: { publicUrl?: string } = {}): SlackPayload {
  const latest = incident.updates.at(-1);
  const emoji = event === 'incident.resolved' || incident.status === 'resolved' ? ':large_green_circle:' : incident.impact === 'critical' || incident.impact === 'major' ? ':red_circle:' : ':large_yellow_circle:';
  const link = options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}/status#incident-${incident.id}` : undefined;
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${EVENT_LABEL[event]}: ${incident.title}`, HEADER_LIMIT) } },
  ];
  if (latest) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(latest.body), SECTION_LIMIT) } });
  const context = [`*Status:* ${incident.status}`, `*Impact:* ${incident.impact}`, `*Started:* ${formatUtcTime(incident.createdAt)}`];
  if (incident.resolvedAt !== undefined) context.push(`*Resolved:* ${formatUtcTime(incident.resolvedAt)}`);
  if (link) context.push(`<${link}|Status page>`);
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] });
  return { text: `${emoji} ${EVENT_LABEL[event]}: ${escapeMrkdwn(incident.title)} (${incident.status}, impact ${incident.impact})`, blocks };
}

/** Slack treats &, < and > as control characters in mrkdwn. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
