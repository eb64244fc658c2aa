import type { Incident } from '../store/store.js';
import type { WebhookEvent } from './notifications-config.js';

/**
 * Something told about incident changes. `notify` records what must be sent and returns; sending
 * happens in the background, so an admin request or a health evaluation never waits on a receiver.
 */
export interface Notifier {
  notify(event: WebhookEvent, incident: Incident): Promise<void>;
}
