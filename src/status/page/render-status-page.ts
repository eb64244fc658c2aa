import type { ComponentId, HealthSnapshot } from '../../health/health-types.js';
import type { Incident } from '../../store/store.js';
import { pageStatus } from '../statuspage/page-status.js';
// Style and script are trusted static text, inserted as is: escaping would break them.
import { html, SafeHtml } from './escape-html.js';
import { SCOPE_LABELS, STATUS_LABELS, formatTime } from './labels.js';
import type { ChartWindow } from './render-chart.js';
import { renderProvider, type ComponentHistory } from './render-component.js';
import { renderIncident } from './render-incident.js';
import { STATUS_PAGE_SCRIPT } from './status-page-script.js';
import { STATUS_PAGE_STYLE } from './status-page-style.js';

/** Everything the page shows, gathered before rendering (rendering itself does no I/O). */
export interface StatusPageView {
  pageName: string;
  snapshot: HealthSnapshot;
  nowMs: number;
  /** Unresolved, newest first. */
  activeIncidents: readonly Incident[];
  /** Resolved or postmortem, newest first. */
  pastIncidents: readonly Incident[];
  history(id: ComponentId): ComponentHistory;
  chartWindow: ChartWindow;
}

/** Seconds between reloads for readers without JavaScript (a `<noscript>` meta refresh). */
export const NO_SCRIPT_REFRESH_SECONDS = 30;

/** One line under the banner: which providers are affected, in plain words. */
export function overallDetail(snapshot: HealthSnapshot): string {
  const affected = snapshot.components.filter((component) => component.kind === 'provider' && component.status !== 'operational');
  if (affected.length === 0) return 'Every provider is answering normally.';
  return `${affected
    .map((component) => {
      const scope = SCOPE_LABELS[component.scope];
      return `${component.name}: ${STATUS_LABELS[component.status].toLowerCase()}${scope === '' ? '' : ` (${scope.toLowerCase()})`}`;
    })
    .join('; ')}.`;
}

/**
 * The whole status page as one HTML document: complete and readable without JavaScript, with a
 * small inline script that keeps it live over SSE. No external assets of any kind.
 */
export function renderStatusPage(view: StatusPageView): string {
  const { snapshot, nowMs } = view;
  const providers = snapshot.components.filter((component) => component.kind === 'provider');
  const title = `${view.pageName} status`;
  const document: SafeHtml = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${`Live status of the AI providers behind ${view.pageName}, as measured by Lifeline.`}">
<noscript><meta http-equiv="refresh" content="${NO_SCRIPT_REFRESH_SECONDS}"></noscript>
<style>${new SafeHtml(STATUS_PAGE_STYLE)}</style>
</head>
<body data-now="${snapshot.at}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="site"><div class="wrap">
<h1>${title}</h1>
<p class="live-state" id="live-state">Snapshot at ${formatTime(snapshot.at, nowMs)}; this page refreshes itself.</p>
</div></header>
<main id="main" class="wrap" tabindex="-1">
<section id="overall" class="${`banner banner--${snapshot.overall}`}" aria-labelledby="overall-heading">
<h2 id="overall-heading" data-field="overall">${pageStatus(snapshot.overall).description}</h2>
<p data-field="overall-detail">${overallDetail(snapshot)}</p>
<p>Measured by Lifeline from live traffic and probes; updated <time data-field="updated" datetime="${new Date(snapshot.at).toISOString()}">${formatTime(snapshot.at, nowMs)}</time>.</p>
</section>
<div id="announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
<noscript><p class="note">JavaScript is off: this page reloads every ${NO_SCRIPT_REFRESH_SECONDS} seconds instead of updating live.</p></noscript>
<section id="active-incidents" aria-labelledby="active-heading">
<h2 id="active-heading">Active incidents</h2>
<div data-list="active">${view.activeIncidents.map((incident) => renderIncident(incident, nowMs, { past: false }))}</div>
<p class="note" data-empty-for="active"${view.activeIncidents.length > 0 ? html` hidden` : ''}>No active incidents.</p>
</section>
<section id="components" aria-labelledby="components-heading">
<h2 id="components-heading">Providers and models</h2>
${providers.length === 0 ? html`<p class="note">No providers are configured.</p>` : ''}
${providers.map((provider) =>
  renderProvider(
    provider,
    snapshot.components.filter((component) => component.kind === 'target' && component.parentId === provider.id),
    view.history,
    view.chartWindow,
    nowMs,
  ),
)}
</section>
<section id="past-incidents" aria-labelledby="past-heading">
<h2 id="past-heading">Past incidents</h2>
<div data-list="past">${view.pastIncidents.map((incident) => renderIncident(incident, nowMs, { past: true }))}</div>
<p class="note" data-empty-for="past"${view.pastIncidents.length > 0 ? html` hidden` : ''}>No incidents in the recent past.</p>
</section>
</main>
<footer class="site"><div class="wrap">
<p>Powered by Lifeline. Machine-readable: <a href="/api/v2/summary.json">Statuspage v2 summary</a> · <a href="/api/lifeline/status">Lifeline status JSON</a> · <a href="/api/lifeline/incidents">incidents JSON</a>. Times are UTC.</p>
</div></footer>
<script>${new SafeHtml(STATUS_PAGE_SCRIPT)}</script>
</body>
</html>
`;
  return document.value;
}
