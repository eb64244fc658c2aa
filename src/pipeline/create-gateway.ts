import type { ResolvedConfig } from '../config/resolved-config.js';
import { createAdapter, isKeyRequired, providerCredentials, targetModelId } from '../providers/registry.js';
import { DynamicTargets } from '../routing/dynamic-targets.js';
import { RouteTable } from '../routing/route-table.js';
import { Gateway, type ProviderEntry } from './gateway.js';
import { ResilienceState } from './resilience-state.js';

/**
 * Builds the request pipeline from a configuration: one adapter per provider (provider timeouts
 * win; the resilience block supplies the defaults; the limits block bounds what they read),
 * labelled keys, the route table and the resilience state. Used by the server and by offline
 * commands such as `lifeline check`.
 */
export function createGateway(config: ResolvedConfig): Gateway {
  const providers = new Map<string, ProviderEntry>();
  const defaults = config.resilience.timeouts;
  const limits = {
    maxResponseBytes: config.limits.max_response_bytes,
    maxErrorBodyBytes: config.limits.max_error_body_bytes,
    maxSseEventBytes: config.limits.max_sse_event_bytes,
  };
  for (const provider of Object.values(config.providers)) {
    const timeouts = {
      connectMs: provider.timeouts.connectMs ?? defaults.connect_ms,
      firstByteMs: provider.timeouts.firstByteMs ?? defaults.first_byte_ms,
      idleMs: provider.timeouts.idleMs ?? defaults.idle_ms,
      streamMaxMs: provider.timeouts.streamMaxMs ?? defaults.stream_max_ms,
    };
    providers.set(provider.name, {
      adapter: createAdapter({ ...provider, timeouts }, limits),
      credentials: providerCredentials(provider),
      keyOptional: !isKeyRequired(provider),
      knowsModel: (model) => targetModelId(provider, model) !== undefined,
    });
  }
  const dynamicTargets = new DynamicTargets({
    routeTargets: config.routes.flatMap((route) => [...route.targets, ...route.longContext]),
    maxPerProvider: config.health.dynamic_targets.max_per_provider,
    ttlMs: config.health.dynamic_targets.ttl_ms,
  });
  const resilience = new ResilienceState(config.resilience, [...providers].map(([name, entry]) => [name, entry.credentials]), undefined, dynamicTargets);
  return new Gateway(new RouteTable(config.routes), providers, resilience);
}
