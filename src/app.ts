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
import { drainServer, trackRequests } from './http/drain-server.js';
import { frontDoorOptionsOf } from './http/front-door.js';
import { createHostCheck } from './http/host-check.js';
import type { AppServices } from './http/request-context.js';
import { createIncidentManager, type IncidentManager } from './incidents/incident-manager.js';
import { createWebhookNotifier, webhookNotifierSettings } from './notifications/webhook-notifier.js';
import { createLogger } from './observability/create-logger.js';
import { logStreamNotes } from './observability/log-stream-notes.js';
import { createMetrics } from './observability/metrics.js';
import { createGateway } from './pipeline/create-gateway.js';
import { loadProviderTypes } from './providers/registry.js';
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
import { createSharedUsageCounters } from './client-keys/shared-usage-counters.js';
import { createSharedState } from './shared-state/create-shared-state.js';
import { shareAttempts } from './shared-state/share-attempts.js';
import { shareResilienceState } from './shared-state/share-resilience-state.js';
import { registerSharedStateMetrics } from './shared-state/shared-state-metrics.js';
import type { SharedState } from './shared-state/shared-state.js';
import type { LifelineStore } from './store/store.js';
import { shareOfficialStatus } from './shared-state/share-official-status.js';
import type { WorkerRole } from './workers/worker-role.js';
import { createStoredResponses } from './response-store/stored-responses.js';
import { systemClock, type Clock } from './core/clock.js';

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
  /** The routing state, this instance's own or the fleet's (`state.redis_url`). */
  sharedState: SharedState;
  /**
   * Registers work to run on shutdown after the requests in flight have finished (or the grace
   * ran out) and before the stores close, e.g. releasing leases. Hooks run in registration order;
   * one that throws is logged and the rest still run.
   * @example instance.onShutdown(async () => { await jobs.releaseLeases(); });
   */
  onShutdown(hook: ShutdownHook): void;
  /**
   * Graceful stop (SIGTERM): stops accepting, reports not ready, lets in-flight requests and
   * streams finish within `server.shutdown_grace_ms` (default 30 s), runs the shutdown hooks,
   * then closes the shared state and the stores. Resolves with how many requests had to be cut.
   */
  shutdown(graceMs?: number): Promise<number>;
  /** Immediate stop: cuts open connections at once (tests), then the same clean-up as {@link LifelineInstance.shutdown}. */
  close(): Promise<void>;
}

/** Work run once on shutdown, see {@link LifelineInstance.onShutdown}. */
export type ShutdownHook = () => Promise<void> | void;

/** Default of `server.shutdown_grace_ms`. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;

/**
 * Wires config → adapters → gateway → health, incidents, notifications, status page → HTTP
 * server, and starts listening. `close()` stops them in the reverse order.
 */
export async function startLifeline(
  config: ResolvedConfig,
  options: { logger?: Logger; /** Time of stored responses' expiry; the wall clock by default (tests move it). */ clock?: Clock; /** Set in a worker of `lifeline start --workers N`. */ worker?: WorkerRole } = {},
): Promise<LifelineInstance> {
  const { worker } = options;
  // Before anything can log or answer: from here on, no configured secret leaves by value.
  const releaseSecrets = registerSecrets(configSecrets(config));
  const logger = options.logger ?? createLogger(config.logging.level);
  await loadProviderTypes(Object.values(config.providers));
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
  // Routing state: joined before taking traffic, so a new instance starts from the fleet's view.
  const sharedState = await createSharedState(config.state, worker ? { workerChannel: worker.channel } : {});
  const shareSubscription = shareResilienceState(resilience, sharedState);
  const statusSubscription = sharedState.onStatus((status) => {
    if (status.mode === 'local') logger.warn({ sharedState: status }, 'shared state unavailable: this instance routes on its own state until Redis returns');
    else if (status.mode === 'shared') logger.info({ sharedState: status }, 'shared state joined: routing state is the fleet\'s');
  });
  await sharedState.ready(config.state?.joinTimeoutMs ?? 2_000);
  const sharedCounters = sharedState.kind === 'in-process' ? undefined : createSharedUsageCounters(sharedState);
  const closeSharedState = async () => {
    sharedCounters?.dispose();
    shareSubscription.dispose();
    statusSubscription.dispose();
    await sharedState.close();
  };
  const exposure = bindExposure(config.server.host);
  let clientKeys: ClientKeys;
  try {
    clientKeys = await startClientKeys({
      store,
      events: gateway.events,
      ...(sharedCounters ? { counters: sharedCounters } : {}),
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
    await closeSharedState();
    await store.close();
    await gateway.close();
    releaseSecrets();
    throw error;
  }
  // Once per machine: of several workers only the first prunes, probes and polls the official pages.
  const runsSingletonJobs = worker?.runsSingletonJobs ?? true;
  const retention = runsSingletonJobs ? startRetention(store, { onError: (error) => logger.warn({ err: error }, 'store retention failed') }) : undefined;
  // In a fleet, verdicts (and so the status page) are made from every instance's attempts.
  const sharedAttempts = sharedState.kind === 'in-process' ? undefined : shareAttempts(gateway.events, sharedState);
  const officialStatus = worker ? shareOfficialStatus(sharedState, (provider, reading) => health.setOfficialStatus(provider, reading)) : undefined;
  const health = createHealthMonitor({
    ...(sharedAttempts ? { fleetAttempts: sharedAttempts.onRemoteAttempt } : {}),
    activeChecks: runsSingletonJobs,
    ...(officialStatus && runsSingletonJobs ? { onOfficialStatus: officialStatus.tell } : {}),
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
    sharedState: () => sharedState.status(),
  });
  const metrics = createMetrics({ events: gateway.events, breakers: resilience.breakers, dynamicTargets: resilience.dynamicTargets, health });
  const subscriptions = [halfOpenOnProbeSuccess(gateway.events, resilience.breakers), logStreamNotes(gateway.events, logger)];
  registerStoreMetrics(metrics.registry, storeHealth);
  const deferredJobs = startDeferredJobs({ jobs: store.deferredJobs, gateway, routes: config.routes, config: config.deferred, registry: metrics.registry, logger });
  const degradedAnswers = new Counter({ name: 'lifeline_degraded_answers_total', help: 'Requests whose every target failed, answered by a stale cached answer, a deferred job (202) or the configured answer, by route.', labelNames: ['kind', 'route'], registers: [metrics.registry] });
  subscriptions.push(registerSharedStateMetrics(metrics.registry, sharedState));
  if (sharedAttempts) subscriptions.push(sharedAttempts);
  if (officialStatus) subscriptions.push(officialStatus);
  // Each worker answers /metrics for itself: the label tells the series apart (README "Workers").
  if (worker) metrics.registry.setDefaultLabels({ worker: String(worker.id) });
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
    responses: createStoredResponses({ repository: store.responses, clock: options.clock ?? systemClock, ttlMs: config.responses.store_ttl, maxBytes: config.responses.max_stored_bytes }),
    sharedState: () => sharedState.status(),
    draining: () => draining,
    ...(worker ? { workerId: String(worker.id) } : {}),
  };
  let draining = false;
  const shutdownHooks: ShutdownHook[] = [];
  health.start();
  // Resume pending webhook deliveries and unresolved incidents before taking traffic.
  await notifier.start();
  await incidents.start();

  // Refused above without client keys; here only when require_client_key: false was set on purpose.
  if (exposure.exposed && !clientKeys.access.required()) logger.warn({ host: config.server.host, port: config.server.port }, exposure.warning);

  const server = createLifelineServer(services);
  const requests = trackRequests(server);
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

  async function runShutdownHooks(): Promise<void> {
    for (const hook of shutdownHooks.splice(0)) {
      try {
        await hook();
      } catch (error) {
        logger.error({ err: error }, 'a shutdown hook failed; shutting down anyway');
      }
    }
  }

  async function stopBackground(): Promise<void> {
    await runShutdownHooks();
    // Last flushes get one try each: waiting for an absent database would hold the shutdown.
    // Jobs in flight go back to the queue first, while the store still answers.
    await deferredJobs.stop();
    stopRetrying();
    status.close();
    incidents.stop();
    notifier.stop();
    await health.stop();
    retention?.stop();
    await clientKeys.stop();
    metrics.close();
    for (const subscription of subscriptions) subscription.dispose();
    await gateway.close();
    await closeSharedState();
    await store.close();
    releaseSecrets();
  }

  let stopping: Promise<number> | undefined;
  return {
    services,
    server,
    health,
    incidents,
    store,
    url: `http://${host}:${port}`,
    port,
    sharedState,
    onShutdown(hook) {
      shutdownHooks.push(hook);
    },
    shutdown(graceMs = config.server.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS) {
      stopping ??= (async () => {
        draining = true;
        const cut = await drainServer(server, requests, graceMs);
        if (cut > 0) logger.warn({ cut, graceMs }, 'shutdown grace over: requests still running were cut');
        await stopBackground();
        return cut;
      })();
      return stopping;
    },
    async close() {
      stopping ??= (async () => {
        draining = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await stopBackground();
        return 0;
      })();
      await stopping;
    },
  };
}
