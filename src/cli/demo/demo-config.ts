import { stringify } from 'yaml';
import { parseConfigText } from '../../config/load-config.js';
import type { ResolvedConfig } from '../../config/resolved-config.js';
import type { DemoSettings } from './demo-settings.js';

/** The model the demo's clients ask for, and the fallback model on the second provider. */
export const DEMO_MODEL = 'claude-sonnet-4-5';
export const DEMO_FALLBACK_MODEL = 'gpt-5';

/** Where the demo's simulated providers listen. */
export interface DemoProviderUrls {
  anthropic: string;
  openai: string;
}

/**
 * The demo's lifeline.yaml, written as YAML and parsed through the same path users take:
 * `claude-*` → the simulated anthropic, then the simulated openai; short health windows, probes
 * and incident debounce so the whole story fits in a minute; an in-memory store; no official
 * status pages (nothing real is contacted).
 */
export function buildDemoConfig(settings: DemoSettings, urls: DemoProviderUrls, server: { host: string; port: number }): ResolvedConfig {
  const document = {
    server,
    providers: {
      anthropic: { type: 'anthropic', base_url: urls.anthropic, keys: ['sk-demo-simulated-anthropic'], status_page_url: false },
      openai: { type: 'openai', base_url: urls.openai, keys: ['sk-demo-simulated-openai'], status_page_url: false },
    },
    routes: { 'claude-*': ['anthropic/*', `openai/${DEMO_FALLBACK_MODEL}`] },
    resilience: {
      // Fail over at once instead of retrying the same overloaded target: the demo is about failover.
      retries: { max_retries_per_target: 0 },
      breaker: {
        consecutive_failures: 3,
        minimum_volume: 5,
        window_ms: settings.health.windowMs,
        base_ejection_time_ms: settings.ejectionMs,
        max_ejection_time_ms: settings.ejectionMs * 2,
      },
      timeouts: { connect_ms: 1_000, first_byte_ms: 10_000, idle_ms: 10_000, total_ms: 30_000 },
    },
    health: {
      window_ms: settings.health.windowMs,
      recent_window_ms: settings.health.recentWindowMs,
      evaluate_interval_ms: 500,
      official: { enabled: false },
      probe: {
        interval_ms: settings.health.probeIntervalMs,
        unhealthy_interval_ms: 1_000,
        idle_ms: Math.min(2_000, settings.health.probeIntervalMs),
        timeout_ms: 2_000,
      },
      thresholds: { min_requests: 3 },
      hysteresis: { open_after_failures: 3, recover_after_successes: 3, recover_after_ms: settings.health.recoverAfterMs },
    },
    incidents: { open_after_ms: settings.incidents.openAfterMs, resolve_after_ms: settings.incidents.resolveAfterMs },
    status: { page_name: 'Lifeline demo (simulated providers)' },
    storage: { path: ':memory:' },
    logging: { level: 'silent' },
  };
  return parseConfigText(stringify(document), { env: {}, sourcePath: 'demo config' });
}
