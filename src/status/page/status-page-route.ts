import { createHash } from 'node:crypto';
import type { ComponentId } from '../../health/health-types.js';
import type { Handler } from '../../http/request-context.js';
import { DAY_MS, MINUTE_MS, dailyUptime, latencySeries } from '../api/history.js';
import { liveRollupsOf, loadRollups } from '../api/load-rollups.js';
import type { StatusDependencies } from '../status-dependencies.js';
import type { ComponentHistory } from './render-component.js';
import { renderStatusPage } from './render-status-page.js';
import { STATUS_PAGE_SCRIPT_HASH } from './status-page-script.js';
import { STATUS_PAGE_STYLE } from './status-page-style.js';

/** Days of uptime bars. */
export const UPTIME_DAYS = 90;
/** Minutes the latency charts cover, one point per minute. */
export const CHART_WINDOW_MINUTES = 60;
/** Past incidents listed under the components. */
const PAST_INCIDENTS_SHOWN = 20;
/**
 * History (90 days of minutes per component) is read at most this often: it changes by the
 * minute, while the live part of the page arrives over SSE.
 */
const HISTORY_CACHE_MS = 10_000;

const STYLE_HASH = `'sha256-${createHash('sha256').update(STATUS_PAGE_STYLE).digest('base64')}'`;

/** Only the page's own inline style and script run; it talks to nothing but its own origin. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${STYLE_HASH}`,
  `script-src ${STATUS_PAGE_SCRIPT_HASH}`,
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The `GET /status` (and `/`) handler: gathers the page's data, renders it, sends it. */
export function createStatusPageHandler(dependencies: StatusDependencies): Handler {
  let cached: { atMs: number; history: Map<ComponentId, ComponentHistory> } | undefined;

  const loadHistory = async (ids: ComponentId[], nowMs: number): Promise<Map<ComponentId, ComponentHistory>> => {
    if (cached !== undefined && nowMs - cached.atMs < HISTORY_CACHE_MS && ids.every((id) => cached?.history.has(id))) return cached.history;
    const snapshot = dependencies.health.snapshot();
    const chartFromMs = nowMs - CHART_WINDOW_MINUTES * MINUTE_MS;
    const entries = await Promise.all(
      ids.map(async (id): Promise<[ComponentId, ComponentHistory]> => {
        const rollups = await loadRollups(dependencies.store, snapshot, id, nowMs - UPTIME_DAYS * DAY_MS, nowMs + MINUTE_MS, liveRollupsOf(dependencies));
        return [
          id,
          {
            uptime: dailyUptime(rollups, nowMs, UPTIME_DAYS),
            series: latencySeries(rollups.filter((rollup) => rollup.minute >= chartFromMs), 'minute'),
          },
        ];
      }),
    );
    cached = { atMs: nowMs, history: new Map(entries) };
    return cached.history;
  };

  return async (context) => {
    const nowMs = dependencies.clock.now();
    const snapshot = dependencies.health.snapshot();
    const [active, recent, history] = await Promise.all([
      dependencies.store.incidents.listUnresolved(),
      dependencies.store.incidents.list({ limit: 50 }),
      loadHistory(snapshot.components.map((component) => component.id), nowMs),
    ]);
    const page = renderStatusPage({
      pageName: dependencies.pageName,
      snapshot,
      nowMs,
      activeIncidents: active,
      pastIncidents: recent.filter((incident) => incident.status === 'resolved' || incident.status === 'postmortem').slice(0, PAST_INCIDENTS_SHOWN),
      history: (id) => history.get(id) ?? { uptime: dailyUptime([], nowMs, UPTIME_DAYS), series: [] },
      chartWindow: { fromMs: nowMs - CHART_WINDOW_MINUTES * MINUTE_MS, toMs: nowMs, bucketMs: MINUTE_MS, label: `last ${CHART_WINDOW_MINUTES} minutes` },
    });
    context.response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(page),
      'cache-control': 'no-cache',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    context.response.end(page);
  };
}
