import { stringify } from 'yaml';
import { BENCH_ROUTES, UPSTREAM_MODELS } from './scenarios.js';

/** Where the bench's upstreams listen. */
export interface BenchUpstreams {
  /** Anthropic simulator base URL, without /v1. */
  anthropicUrl: string;
  /** OpenAI simulator base URL, with /v1. */
  openaiUrl: string;
  /** A loopback port nothing listens on: the hard-down primary. */
  unreachablePort: number;
  /** Folder for Lifeline's storage file. */
  storageDirectory: string;
  /** `logging.level`; default `info`, the realistic cost. */
  logLevel?: string;
  /** The paced simulator of the many-open-streams scenario, without /v1; no paced route without it. */
  pacedAnthropicUrl?: string;
  /** `server.max_connections`; the default 512 when unset. */
  maxConnections?: number;
}

/** The Lifeline YAML the bench starts with: one route per scenario, `logging.level: info` by default, ephemeral port. */
export function lifelineBenchConfig(upstreams: BenchUpstreams): string {
  const anthropic = `anthropic/${UPSTREAM_MODELS.anthropic}`;
  const openai = `openai/${UPSTREAM_MODELS.openai}`;
  const config = {
    server: { host: '127.0.0.1', port: 0, ...(upstreams.maxConnections !== undefined ? { max_connections: upstreams.maxConnections } : {}) },
    providers: {
      anthropic: { type: 'anthropic', base_url: upstreams.anthropicUrl, keys: ['sk-bench-anthropic'] },
      openai: { type: 'openai', base_url: upstreams.openaiUrl, keys: ['sk-bench-openai'] },
      // Same simulator under another name, so the healthy-primary route has a real (unused) fallback.
      'anthropic-fallback': { type: 'anthropic', base_url: upstreams.anthropicUrl, keys: ['sk-bench-fallback'] },
      unreachable: { type: 'anthropic', base_url: `http://127.0.0.1:${upstreams.unreachablePort}`, keys: ['sk-bench-unreachable'] },
      ...(upstreams.pacedAnthropicUrl ? { 'anthropic-paced': { type: 'anthropic', base_url: upstreams.pacedAnthropicUrl, keys: ['sk-bench-paced'] } } : {}),
    },
    routes: {
      [BENCH_ROUTES.anthropicPassthrough]: [anthropic],
      [BENCH_ROUTES.openaiPassthrough]: [openai],
      [BENCH_ROUTES.anthropicToOpenai]: [openai],
      [BENCH_ROUTES.openaiToAnthropic]: [anthropic],
      [BENCH_ROUTES.healthyPrimary]: [anthropic, `anthropic-fallback/${UPSTREAM_MODELS.anthropic}`],
      [BENCH_ROUTES.primaryUnreachable]: [`unreachable/${UPSTREAM_MODELS.anthropic}`, anthropic],
      ...(upstreams.pacedAnthropicUrl ? { [BENCH_ROUTES.anthropicPaced]: [`anthropic-paced/${UPSTREAM_MODELS.anthropic}`] } : {}),
    },
    storage: { path: `${upstreams.storageDirectory}/lifeline.db` },
    logging: { level: upstreams.logLevel ?? 'info' },
  };
  return stringify(config);
}
