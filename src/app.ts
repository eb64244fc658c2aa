import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ResolvedConfig } from './config/resolved-config.js';
import type { AppServices } from './http/request-context.js';
import { createLifelineServer } from './http/create-server.js';
import { createLogger } from './observability/create-logger.js';
import { createMetrics } from './observability/metrics.js';
import { Gateway, type ProviderEntry } from './pipeline/gateway.js';
import { ResilienceState } from './pipeline/resilience-state.js';
import { labelCredentials } from './providers/credentials.js';
import { createAdapter } from './providers/registry.js';
import { RouteTable } from './routing/route-table.js';

/** A running Lifeline: its services, its HTTP server and the address it listens on. */
export interface LifelineInstance {
  services: AppServices;
  server: Server;
  /** `http://host:port`, what clients use as their base URL. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Wires config → adapters → gateway → HTTP server, and starts listening. */
export async function startLifeline(config: ResolvedConfig, options: { logger?: Logger } = {}): Promise<LifelineInstance> {
  const logger = options.logger ?? createLogger(config.logging.level);
  const providers = new Map<string, ProviderEntry>();
  const defaults = config.resilience.timeouts;
  for (const provider of Object.values(config.providers)) {
    // Provider timeouts win; the resilience block supplies the defaults.
    const timeouts = {
      connectMs: provider.timeouts.connectMs ?? defaults.connect_ms,
      firstByteMs: provider.timeouts.firstByteMs ?? defaults.first_byte_ms,
      idleMs: provider.timeouts.idleMs ?? defaults.idle_ms,
    };
    providers.set(provider.name, {
      adapter: createAdapter({ ...provider, timeouts }),
      credentials: labelCredentials(provider.keys),
      keyOptional: provider.type === 'openai-compatible',
    });
  }
  const routes = new RouteTable(config.routes);
  const resilience = new ResilienceState(config.resilience, [...providers].map(([name, entry]) => [name, entry.credentials]));
  const gateway = new Gateway(routes, providers, resilience);
  const metrics = createMetrics({ events: gateway.events, breakers: resilience.breakers });
  const services: AppServices = { config, gateway, routes, logger, extraRoutes: [metrics.route] };
  const server = createLifelineServer(services);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  return {
    services,
    server,
    url: `http://${host}:${port}`,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      metrics.close();
      await gateway.close();
    },
  };
}
