import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createAdminRoutes } from './admin/admin-routes.js';
import { configSecrets } from './config/config-secrets.js';
import type { ResolvedConfig } from './config/resolved-config.js';
import { createHealthMonitor, type HealthMonitor } from './health/index.js';
import { bindExposure } from './http/bind-exposure.js';
import { createLifelineServer } from './http/create-server.js';
import { frontDoorOptionsOf } from './http/front-door.js';
import { createHostCheck } from './http/host-check.js';
import type { AppServices } from './http/request-context.js';
import { createIncidentManager, type IncidentManager } from './incidents/incident-manager.js';
import { createWebhookNotifier, webhookNotifierSettings } from './notifications/webhook-notifier.js';
import { createLogger } from './observability/create-logger.js';
import { logStreamNotes } from './observability/log-stream-notes.js';
import { createMetrics } from './observability/metrics.js';
import { createGateway } from './pipeline/create-gateway.js';
import { registerSecrets } from './secrets/redact-secrets.js';
import { halfOpenOnProbeSuccess } from './pipeline/probe-evidence.js';
import { createStatusRoutes } from './status/create-status-routes.js';
import { createStore } from './store/create-store.js';
import { startRetention } from './store/retention.js';
import type { LifelineStore } from './store/store.js';

/** A running Lifeline: its services, its HTTP server and the address it listens on. */
export interface LifelineInstance {
  services: AppServices;
  server: Server;
  health: HealthMonitor;
  incidents: IncidentManager;
  store: LifelineStore;
  /** `http://host:port`, what clients use as their base URL. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Wires config → adapters → gateway → health, incidents, notifications, status page → HTTP
 * server, and starts listening. `close()` stops them in the reverse order.
 */
export async function startLifeline(config: ResolvedConfig, options: { logger?: Logger } = {}): Promise<LifelineInstance> {
  // Before anything can log or answer: from here on, no configured secret leaves by value.
  const releaseSecrets = registerSecrets(configSecrets(config));
  const logger = options.logger ?? createLogger(config.logging.level);
  const gateway = createGateway(config);
  const { routes, resilience } = gateway;

  const store = await createStore({ kind: 'sqlite', path: config.storage.path });
  const retention = startRetention(store, { onError: (error) => logger.warn({ err: error }, 'store retention failed') });
  const health = createHealthMonitor({
    config: config.health,
    gateway,
    providers: config.providers,
    routes: config.routes,
    store,
    onError: (error) => logger.warn({ err: error }, 'health background work failed'),
  });
  const notifier = createWebhookNotifier({ store, logger, ...webhookNotifierSettings(config.notifications) });
  const incidents = createIncidentManager({ store, health, config: config.incidents, notifier, logger });
  const status = createStatusRoutes({
    health,
    store,
    incidents,
    pageName: config.status.page_name,
    ...(config.status.public_url ? { publicUrl: config.status.public_url } : {}),
    hostAllowed: createHostCheck(frontDoorOptionsOf(config)),
    maxEventClients: config.status.max_event_clients,
  });
  const metrics = createMetrics({ events: gateway.events, breakers: resilience.breakers, dynamicTargets: resilience.dynamicTargets, health });
  const subscriptions = [halfOpenOnProbeSuccess(gateway.events, resilience.breakers), logStreamNotes(gateway.events, logger)];
  const admin = createAdminRoutes({ store, incidents, notifier, health, ...(config.admin.token ? { token: config.admin.token } : {}) });
  const services: AppServices = {
    config,
    gateway,
    routes,
    logger,
    extraRoutes: [metrics.route, ...status.routes, ...admin, ...(config.status.root ? [status.rootRoute] : [])],
  };
  health.start();
  // Resume pending webhook deliveries and unresolved incidents before taking traffic.
  await notifier.start();
  await incidents.start();

  // Client keys (the fleet issue) will turn this warning into a refusal when none is configured.
  const exposure = bindExposure(config.server.host);
  if (exposure.exposed) logger.warn({ host: config.server.host, port: config.server.port }, exposure.warning);

  const server = createLifelineServer(services);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.server.port, config.server.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await stopBackground();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;

  async function stopBackground(): Promise<void> {
    status.close();
    incidents.stop();
    notifier.stop();
    await health.stop();
    retention.stop();
    metrics.close();
    for (const subscription of subscriptions) subscription.dispose();
    await gateway.close();
    await store.close();
    releaseSecrets();
  }

  return {
    services,
    server,
    health,
    incidents,
    store,
    url: `http://${host}:${port}`,
    port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await stopBackground();
    },
  };
}
