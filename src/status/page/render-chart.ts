import type { SeriesPoint } from '../api/history.js';
import { html, SafeHtml } from './escape-html.js';
import { formatLatency } from './labels.js';

const WIDTH = 720;
const HEIGHT = 160;
const PADDING = { top: 12, right: 12, bottom: 24, left: 56 };

/** The window a chart covers. */
export interface ChartWindow {
  fromMs: number;
  toMs: number;
  bucketMs: number;
  /** Shown in titles: "last 60 minutes". */
  label: string;
}

type Metric = 'latencyAvgMs' | 'ttftAvgMs';

const SERIES: Array<{ metric: Metric; label: string; className: string }> = [
  { metric: 'latencyAvgMs', label: 'Latency', className: 'line-latency' },
  { metric: 'ttftAvgMs', label: 'Time to first token', className: 'line-ttft' },
];

/**
 * An inline SVG line chart of mean latency and time to first token (no external assets). Gaps
 * in the data break the line rather than drawing a slope across them. The SVG has a title and a
 * description with the numbers, so it is readable without seeing it.
 */
export function renderLatencyChart(id: string, name: string, points: readonly SeriesPoint[], window: ChartWindow): SafeHtml {
  const titleId = `${id}-title`;
  const descriptionId = `${id}-description`;
  const values = points.flatMap((point) => [point.latencyAvgMs, point.ttftAvgMs]).filter((value): value is number => value !== null);
  const maxValue = niceCeiling(Math.max(1, ...values));
  const x = (at: number): number => PADDING.left + ((at - window.fromMs) / Math.max(1, window.toMs - window.fromMs)) * (WIDTH - PADDING.left - PADDING.right);
  const y = (value: number): number => HEIGHT - PADDING.bottom - (value / maxValue) * (HEIGHT - PADDING.top - PADDING.bottom);

  const lines = SERIES.map((series) => renderSeries(points, series.metric, series.className, window.bucketMs, x, y));
  const empty = values.length === 0 ? html`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" class="chart-empty">No traffic measured in the ${window.label}</text>` : '';
  const baseline = HEIGHT - PADDING.bottom;
  return html`<figure class="chart">
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${`${titleId} ${descriptionId}`}" focusable="false">
<title id="${titleId}">${`Latency and time to first token of ${name}, ${window.label}`}</title>
<desc id="${descriptionId}">${describeSeries(points)}</desc>
<line class="axis" x1="${PADDING.left}" y1="${baseline}" x2="${WIDTH - PADDING.right}" y2="${baseline}"/>
<line class="grid" x1="${PADDING.left}" y1="${y(maxValue)}" x2="${WIDTH - PADDING.right}" y2="${y(maxValue)}"/>
<line class="grid" x1="${PADDING.left}" y1="${y(maxValue / 2)}" x2="${WIDTH - PADDING.right}" y2="${y(maxValue / 2)}"/>
<text class="tick" x="${PADDING.left - 6}" y="${y(maxValue) + 4}" text-anchor="end">${formatLatency(maxValue)}</text>
<text class="tick" x="${PADDING.left - 6}" y="${y(maxValue / 2) + 4}" text-anchor="end">${formatLatency(maxValue / 2)}</text>
<text class="tick" x="${PADDING.left - 6}" y="${baseline + 4}" text-anchor="end">0</text>
<text class="tick" x="${PADDING.left}" y="${HEIGHT - 6}">${window.label.replace(/^last /, '-')}</text>
<text class="tick" x="${WIDTH - PADDING.right}" y="${HEIGHT - 6}" text-anchor="end">now</text>
${lines}${empty}
</svg>
<figcaption class="chart-legend"><span class="key key-latency">Latency (mean)</span> <span class="key key-ttft">Time to first token (mean)</span></figcaption>
</figure>`;
}

function renderSeries(points: readonly SeriesPoint[], metric: Metric, className: string, bucketMs: number, x: (at: number) => number, y: (value: number) => number): SafeHtml {
  // Runs of consecutive buckets become one polyline; a lone point becomes a dot.
  const runs: Array<Array<[number, number]>> = [];
  let previousAt: number | undefined;
  for (const point of points) {
    const value = point[metric];
    if (value === null) {
      previousAt = undefined;
      continue;
    }
    const coordinates: [number, number] = [round(x(point.at)), round(y(value))];
    const last = runs.at(-1);
    if (last !== undefined && previousAt !== undefined && point.at - previousAt <= bucketMs) last.push(coordinates);
    else runs.push([coordinates]);
    previousAt = point.at;
  }
  return new SafeHtml(
    runs
      .map((run) =>
        run.length === 1
          ? `<circle class="${className}" cx="${run[0]?.[0]}" cy="${run[0]?.[1]}" r="3"/>`
          : `<polyline class="${className}" points="${run.map(([pointX, pointY]) => `${pointX},${pointY}`).join(' ')}"/>`,
      )
      .join(''),
  );
}

/** Plain-words numbers for the chart's description. */
export function describeSeries(points: readonly SeriesPoint[]): string {
  const parts = SERIES.map(({ metric, label }) => {
    const values = points.map((point) => point[metric]).filter((value): value is number => value !== null);
    if (values.length === 0) return `${label}: no measurements.`;
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    return `${label}: mean ${formatLatency(mean)}, lowest ${formatLatency(Math.min(...values))}, highest ${formatLatency(Math.max(...values))}, latest ${formatLatency(values.at(-1) ?? mean)}, over ${values.length} intervals.`;
  });
  return parts.join(' ');
}

/** Rounds a maximum up to 1, 2 or 5 times a power of ten, so the axis reads well. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= value) ?? 10;
  return step * power;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
