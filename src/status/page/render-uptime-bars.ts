import type { DailyUptime } from '../api/history.js';
import { overallUptime } from '../api/history.js';
import { html, type SafeHtml } from './escape-html.js';
import { STATUS_LABELS } from './labels.js';

/** Text for one day's bar, read by screen readers and shown as the hover title. */
export function describeDay(day: DailyUptime): string {
  if (day.uptimePercent === null || day.worstStatus === null) return `${day.date}: no data`;
  const failures = day.requests === 0 ? '' : `, ${day.failures} of ${day.requests} requests failed`;
  return `${day.date}: ${formatPercent(day.uptimePercent)} uptime, worst ${STATUS_LABELS[day.worstStatus].toLowerCase()}${failures}`;
}

/**
 * 90 bars, one per day, coloured by the day's worst status, each with its own text. A list, so
 * assistive technology can step through days; the summary line gives the total first.
 */
export function renderUptimeBars(name: string, days: readonly DailyUptime[]): SafeHtml {
  const total = overallUptime(days);
  const totalText = total === null ? 'no data yet' : `${formatPercent(total)} uptime`;
  return html`<div class="uptime">
<ol class="uptime-bars" role="list" aria-label="${`Daily uptime of ${name}, last ${days.length} days: ${totalText}`}">${days.map(
    (day) => html`<li class="${`day day--${day.worstStatus ?? 'none'}`}" title="${describeDay(day)}"><span class="visually-hidden">${describeDay(day)}</span></li>`,
  )}</ol>
<p class="uptime-legend" aria-hidden="true"><span class="legend-long">${days.length} days ago</span><span class="legend-short">30 days ago</span><span>${totalText}</span><span>Today</span></p>
</div>`;
}

function formatPercent(value: number): string {
  return `${value.toFixed(value === 100 ? 0 : 2)} %`;
}
