import type { ResolvedConfig, ResolvedRoute, RouteTarget } from '../config/resolved-config.js';
import { createHealthMonitor, type HealthMonitor } from '../health/index.js';
import { createGateway } from '../pipeline/create-gateway.js';
import type { Gateway } from '../pipeline/gateway.js';
import { createMemoryStore } from '../store/memory/memory-store.js';

/**
 * A model to probe when no route names a concrete one for the provider (`claude-*` →
 * `anthropic/*` only says "whatever the client asked for"): small, widely available models.
 */
const FALLBACK_PROBE_MODEL: Partial<Record<ResolvedConfig['providers'][string]['type'], string>> = {
  anthropic: 'claude-haiku-4-5',
  openai: 'gpt-5-mini',
};

/** The gateway and health monitor of a configuration, built without listening on any port. */
export interface OfflineHealth {
  gateway: Gateway;
  health: HealthMonitor;
  /** The target each provider's keys are checked against (absent: nothing to probe). */
  probeTargets: ReadonlyMap<string, RouteTarget>;
  close(): Promise<void>;
}

/**
 * Builds what `startLifeline` builds for traffic and health — adapters, key labels, routes,
 * resilience state, gateway, health monitor over an in-memory store — but opens no HTTP port and
 * starts no background work, for one-shot commands such as `lifeline check`.
 */
export function createOfflineHealth(config: ResolvedConfig): OfflineHealth {
  const gateway = createGateway(config);
  const probeTargets = chooseProbeTargets(config);
  const store = createMemoryStore();
  // Extra routes only tell the monitor which concrete model to probe; no traffic is routed by them.
  const probeRoutes: ResolvedRoute[] = [...probeTargets.values()].map((target) => ({
    pattern: `${target.provider}/${target.model}`,
    targets: [target],
    longContext: [],
    resilience: config.resilience,
  }));
  const health = createHealthMonitor({
    config: config.health,
    gateway,
    providers: config.providers,
    routes: [...probeRoutes, ...config.routes],
    store,
  });
  return {
    gateway,
    health,
    probeTargets,
    async close() {
      await health.stop();
      await gateway.close();
      await store.close();
    },
  };
}

/**
 * Per provider: the first concrete model its routes name, else the first of `models`, else a
 * small default model of its type.
 */
export function chooseProbeTargets(config: Pick<ResolvedConfig, 'providers' | 'routes'>): Map<string, RouteTarget> {
  const chosen = new Map<string, RouteTarget>();
  for (const route of config.routes) {
    for (const target of [...route.targets, ...route.longContext]) {
      if (target.model !== '*' && !chosen.has(target.provider) && config.providers[target.provider]) chosen.set(target.provider, target);
    }
  }
  for (const provider of Object.values(config.providers)) {
    if (chosen.has(provider.name)) continue;
    const model = provider.models[0] ?? FALLBACK_PROBE_MODEL[provider.type];
    if (model) chosen.set(provider.name, { provider: provider.name, model });
  }
  return chosen;
}
