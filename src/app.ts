import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createAdminRoutes } from './admin/admin-routes.js';
import { startClientKeys, type ClientKeys } from './client-keys/start-client-keys.js';
import { configSecrets } from './config/config-secrets.js';
import { ConfigError } from './errors/index.js';
import type { ResolvedConfig } from './config/resolved-config.js';
import { createHealthMonitor, type HealthMonitor } from './health/index.js';
import { bindExposure, exposureRefusal } from './http/bind-exposure.js';
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
import { createStore, storeOptionsOf } from './store/create-store.js';
import { withLastKnownReads } from './store/last-known-reads.js';
import { withRetriedWrites } from './store/retried-writes.js';
import { registerStoreMetrics } from './store/store-metrics.js';
import { startRetention } from './store/retention.js';
import { startDeferredJobs } from './deferred/start-deferred-jobs.js';
import { createDegradation } from './degrade/degradation.js';
import { Counter } from 'prom-client';
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

  const opened = await createStore(
    storeOptionsOf(config.storage, { onIdleError: (error) => logger.warn({ err: error }, 'a pooled store connection failed; it is replaced on next use') }),
  );
  // Background writes wait out a store outage; routing never waits on the store.
  const { store, health: storeHealth, stopRetrying } = withRetriedWrites(opened, {
    onUnavailable: (error) => logger.warn({ err: error, store: opened.kind }, 'store unavailable: background writes are held and retried; requests are not affected'),
    onRecovered: (facts) => logger.info({ store: opened.kind, ...facts }, 'store available again: held writes went through'),
    onDropped: (error) => logger.error({ err: error, store: opened.kind }, 'store write dropped: too many writes already wait for the store'),
  });
  const exposure = bindExposure(config.server.host);
  let clientKeys: ClientKeys;
  try {
    clientKeys = await startClientKeys({
      store,
      events: gateway.events,
      requireClientKey: config.server.requireClientKey,
      exposed: exposure.exposed,
      onError: (error) => logger.warn({ err: error }, 'client key bookkeeping failed; it is retried'),
    });
    // An open door on a reachable address is refused here, before anything else starts.
    const refusal = exposureRefusal(config.server.host, { clientKeyCount: clientKeys.count(), requireClientKey: config.server.requireClientKey });
    if (refusal) {
      await clientKeys.stop();
      throw new ConfigError(refusal);
    }
  } catch (error) {
    await store.close();
    await gateway.close();
    releaseSecrets();
    throw error;
  }
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
    // The page stays up through a store outage, with the last incidents it read.
    store: withLastKnownReads(store),
    incidents,
    pageName: config.status.page_name,
    ...(config.status.public_url ? { publicUrl: config.status.public_url } : {}),
    hostAllowed: createHostCheck(frontDoorOptionsOf(config)),
    maxEventClients: config.status.max_event_clients,
  });
  const metrics = createMetrics({ events: gateway.events, breakers: resilience.breakers, dynamicTargets: resilience.dynamicTargets, health });
  const subscriptions = [halfOpenOnProbeSuccess(gateway.events, resilience.breakers), logStreamNotes(gateway.events, logger)];
  registerStoreMetrics(metrics.registry, storeHealth);
  const deferredJobs = startDeferredJobs({ jobs: store.deferredJobs, gateway, routes: config.routes, config: config.deferred, registry: metrics.registry, logger });
  const degradedAnswers = new Counter({ name: 'lifeline_degraded_answers_total', help: 'Requests whose every target failed, answered by a stale cached answer, a deferred job (202) or the configured answer, by route.', labelNames: ['kind', 'route'], registers: [metrics.registry] });
  const admin = createAdminRoutes({ store, incidents, notifier, health, clientKeys: clientKeys.admin, ...(config.admin.token ? { token: config.admin.token } : {}) });
  const services: AppServices = {
    config,
    gateway,
    routes,
    logger,
    extraRoutes: [metrics.route, ...status.routes, ...admin, ...deferredJobs.routes, ...(config.status.root ? [status.rootRoute] : [])],
    clientAccess: clientKeys.access,
    storeHealth,
    degradation: createDegradation(config.routes, (kind, route) => degradedAnswers.inc({ kind, route })),
    deferred: { jobs: store.deferredJobs, ttlMs: config.deferred.ttl },
  };
  health.start();
  // Resume pending webhook deliveries and unresolved incidents before taking traffic.
  await notifier.start();
  await incidents.start();

  // Refused above without client keys; here only when require_client_key: false was set on purpose.
  if (exposure.exposed && !clientKeys.access.required()) logger.warn({ host: config.server.host, port: config.server.port }, exposure.warning);

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
    // Last flushes get one try each: waiting for an absent database would hold the shutdown.
    // Jobs in flight go back to the queue first, while the store still answers.
    await deferredJobs.stop();
    stopRetrying();
    status.close();
    incidents.stop();
    notifier.stop();
    await health.stop();
    retention.stop();
    await clientKeys.stop();
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
