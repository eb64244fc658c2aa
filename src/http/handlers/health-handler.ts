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
  // The store is reported, never a reason to be unready: routing does not need it.
  const store = context.app.storeHealth?.();
  if (routed) {
    sendJson(context.response, 200, { status: 'ready', providers: usable, ...(store ? { store } : {}) });
    return;
  }
  sendJson(context.response, 503, {
    status: 'not_ready',
    reason: usable.length === 0 ? 'no provider has an API key configured' : 'no route leads to a provider with a key',
  });
};
