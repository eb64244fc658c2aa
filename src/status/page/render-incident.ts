import type { Incident, IncidentUpdate } from '../../store/store.js';
import { html, type SafeHtml } from './escape-html.js';
import { IMPACT_LABELS, INCIDENT_STATUS_LABELS, componentLabel, formatTime } from './labels.js';

/**
 * One incident with its timeline, newest update first (as Statuspage shows it). Active incidents
 * show the timeline open; past ones fold it into a `<details>` that works without JavaScript.
 * The inline script builds the same markup (`renderIncident` there) for live updates.
 */
export function renderIncident(incident: Incident, nowMs: number, options: { past: boolean }): SafeHtml {
  const titleId = `incident-${incident.id}-title`;
  const affects = incident.componentIds.length === 0 ? '' : `Affects ${incident.componentIds.map(componentLabel).join(', ')}`;
  const timeline = html`<ol class="timeline">${[...incident.updates].reverse().map((update) => renderUpdate(update, nowMs))}</ol>`;
  return html`<article class="${`incident incident--${incident.impact}`}" id="${`incident-${incident.id}`}" data-incident-id="${incident.id}" aria-labelledby="${titleId}">
<h3 id="${titleId}">${incident.title}</h3>
<p class="incident-meta"><span class="impact">${IMPACT_LABELS[incident.impact]}</span> · <span data-field="incident-status">${INCIDENT_STATUS_LABELS[incident.status]}</span>${affects === '' ? '' : html` · <span>${affects}</span>`} · Started <time datetime="${iso(incident.createdAt)}">${formatTime(incident.createdAt, nowMs)}</time>${
    incident.resolvedAt === undefined ? '' : html` · Resolved <time datetime="${iso(incident.resolvedAt)}">${formatTime(incident.resolvedAt, nowMs)}</time>`
  }</p>
${options.past ? html`<details><summary>Timeline (${incident.updates.length} ${incident.updates.length === 1 ? 'update' : 'updates'})</summary>${timeline}</details>` : timeline}
${incident.postmortem === undefined ? '' : html`<section class="postmortem" aria-label="Postmortem"><h4>Postmortem</h4><p class="body">${incident.postmortem}</p></section>`}
</article>`;
}

function renderUpdate(update: IncidentUpdate, nowMs: number): SafeHtml {
  return html`<li class="timeline-entry">
<p class="timeline-head"><strong>${INCIDENT_STATUS_LABELS[update.status]}</strong> <time datetime="${iso(update.createdAt)}">${formatTime(update.createdAt, nowMs)}</time> <span class="author">${update.automatic ? 'measured by Lifeline' : 'posted by an operator'}</span></p>
<p class="body">${update.body}</p>
</li>`;
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
