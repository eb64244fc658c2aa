import type { ComponentVerdict, OfficialPageLink, OfficialStatus } from '../../health/health-types.js';
import { describeStreamNotes } from '../../incidents/describe-verdict.js';
import type { DailyUptime, SeriesPoint } from '../api/history.js';
import { statuspageId } from '../statuspage/statuspage-id.js';
import { html, type SafeHtml } from './escape-html.js';
import { OFFICIAL_LABELS, SCOPE_LABELS, STATUS_LABELS, formatDuration, formatTime } from './labels.js';
import { renderLatencyChart, type ChartWindow } from './render-chart.js';
import { renderUptimeBars } from './render-uptime-bars.js';

/** History shown beside a component. */
export interface ComponentHistory {
  uptime: readonly DailyUptime[];
  series: readonly SeriesPoint[];
}

/**
 * The live verdict block. `data-field` names are what the inline script updates; the text
 * rendered here is the complete state for readers without JavaScript.
 */
export function renderVerdict(verdict: ComponentVerdict, nowMs: number): SafeHtml {
  const scope = SCOPE_LABELS[verdict.scope];
  return html`<div class="verdict" data-component-id="${verdict.id}" data-status="${verdict.status}">
<p class="verdict-line"><span class="${`pill pill--${verdict.status}`}" data-field="status">${STATUS_LABELS[verdict.status]}</span> <span class="scope" data-field="scope">${scope}</span></p>
<p class="reason" data-field="reason">${verdict.reason}</p>
<p class="meta">Since <time data-field="since" datetime="${new Date(verdict.since).toISOString()}">${formatTime(verdict.since, nowMs)}</time> (<span data-field="since-ago">${formatDuration(nowMs - verdict.since)}</span>)${
    verdict.lastOkAt === undefined
      ? html`<span data-field="last-ok-line"></span>`
      : html`<span data-field="last-ok-line"> · last success <time data-field="last-ok" datetime="${new Date(verdict.lastOkAt).toISOString()}">${formatTime(verdict.lastOkAt, nowMs)}</time></span>`
  }</p>
<p class="meta stream-notes" data-field="stream-notes">${describeStreamNotes(verdict.measured)}</p>
${verdict.official === undefined ? '' : renderOfficial(verdict.official, nowMs)}
${verdict.officialPage === undefined ? '' : renderOfficialPage(verdict.officialPage, verdict.official !== undefined)}
</div>`;
}

/** The provider's own status page, shown beside (never instead of) what Lifeline measured. */
function renderOfficial(official: OfficialStatus, nowMs: number): SafeHtml {
  const detail = official.error !== undefined ? `could not be read: ${official.error}` : (official.description ?? '');
  const checked = official.checkedAt === undefined ? '' : `, checked ${formatTime(official.checkedAt, nowMs)}`;
  return html`<p class="official" data-field="official">Official status page: <span class="${`official-status official--${official.status}`}">${OFFICIAL_LABELS[official.status]}</span>${detail === '' ? '' : ` (${detail}${checked})`}${
    official.incidents !== undefined && official.incidents.length > 0 ? html` · open there: ${official.incidents.join('; ')}` : ''
  }</p>`;
}

/** A cloud's own status page, linked: Lifeline polls only Statuspage feeds, which the clouds do not publish. */
function renderOfficialPage(page: OfficialPageLink, polled: boolean): SafeHtml {
  return html`<p class="official" data-field="official-page">${polled ? 'See also' : 'Official status: not polled by Lifeline; see'} <a href="${page.url}" rel="noopener">${page.name}</a></p>`;
}

/** A provider card: verdict, official status, uptime bars, chart, then its targets. */
export function renderProvider(
  provider: ComponentVerdict,
  targets: readonly ComponentVerdict[],
  history: (id: string) => ComponentHistory,
  window: ChartWindow,
  nowMs: number,
): SafeHtml {
  const headingId = `component-${statuspageId(provider.id)}`;
  const own = history(provider.id);
  return html`<article class="provider" aria-labelledby="${headingId}">
<h3 id="${headingId}">${provider.name}</h3>
${renderVerdict(provider, nowMs)}
${renderUptimeBars(provider.name, own.uptime)}
${renderLatencyChart(`chart-${statuspageId(provider.id)}`, provider.name, own.series, window)}
${
  targets.length === 0
    ? ''
    : html`<ul class="targets" aria-label="${`Models of ${provider.name}`}">${targets.map((target) => renderTarget(target, history(target.id), window, nowMs))}</ul>`
}
</article>`;
}

function renderTarget(target: ComponentVerdict, history: ComponentHistory, window: ChartWindow, nowMs: number): SafeHtml {
  const headingId = `component-${statuspageId(target.id)}`;
  return html`<li class="target" aria-labelledby="${headingId}">
<h4 id="${headingId}">${target.name}</h4>
${renderVerdict(target, nowMs)}
${renderUptimeBars(target.name, history.uptime)}
<details class="target-chart"><summary>Latency and time to first token of ${target.name}</summary>
${renderLatencyChart(`chart-${statuspageId(target.id)}`, target.name, history.series, window)}
</details>
</li>`;
}
