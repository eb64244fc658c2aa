import type { Logger } from 'pino';
import type { Subscription } from '../core/typed-event.js';
import type { GatewayEvents } from './gateway-events.js';

/**
 * Logs what happens inside streams that went on anyway: a malformed event skipped. (A stream
 * continued elsewhere is logged by the request handler, which knows the request id.)
 */
export function logStreamNotes(events: GatewayEvents, logger: Logger): Subscription {
  return events.onMalformedEvent((event) => logger.warn({ provider: event.provider, model: event.model, detail: event.detail }, 'skipped a malformed stream event'));
}
