import type { Handler } from '../request-context.js';
import { sendJson } from '../send-json.js';

/** `GET /healthz`: the process is up and serving. */
export const healthzHandler: Handler = async (context) => {
  sendJson(context.response, 200, { status: 'ok' });
};

/**
 * `GET /readyz`: ready when at least one route has a target whose provider can be called (a key
 * is configured, or the provider needs none). 503 with the reason otherwise.
 */
export const readyzHandler: Handler = async (context) => {
  const usable = [...context.app.gateway.providers.entries()]
    .filter(([, entry]) => entry.credentials.length > 0 || entry.keyOptional)
    .map(([name]) => name);
  const routed = context.app.config.routes.some((route) => route.targets.some((target) => usable.includes(target.provider)));
  if (context.app.draining?.()) {
    sendJson(context.response, 503, { status: 'not_ready', reason: 'shutting down: finishing the requests in flight' });
    return;
  }
  // The store and the shared state are reported, never a reason to be unready: routing needs neither.
  const store = context.app.storeHealth?.();
  const state = context.app.sharedState?.();
  if (routed) {
    const warnings = state?.mode === 'local' ? [state.reason ?? 'shared state unavailable: routing on this instance\'s own state'] : [];
    sendJson(context.response, 200, { status: 'ready', providers: usable, ...(store ? { store } : {}), ...(state ? { state } : {}), ...(warnings.length > 0 ? { warnings } : {}) });
    return;
  }
  sendJson(context.response, 503, {
    status: 'not_ready',
    reason: usable.length === 0 ? 'no provider has an API key configured' : 'no route leads to a provider with a key',
  });
};
