import type { WebhookDelivery } from './store.js';

/** What `WebhookDeliveryRepository.update` accepts. */
export type DeliveryChange = Partial<Omit<WebhookDelivery, 'id' | 'createdAt'>>;

/**
 * Applies an update to a delivery. Shared by every backend so they agree: an absent key is left
 * alone; a required field given as `undefined` is kept; an optional field given as `undefined`
 * (key present) is cleared, so a sender can drop `nextAttemptAt` once a delivery went through.
 */
export function applyDeliveryChange(current: WebhookDelivery, change: DeliveryChange): WebhookDelivery {
  const next: WebhookDelivery = { ...current };
  if (change.webhook !== undefined) next.webhook = change.webhook;
  if (change.event !== undefined) next.event = change.event;
  if (change.incidentId !== undefined) next.incidentId = change.incidentId;
  if (change.payload !== undefined) next.payload = change.payload;
  if (change.state !== undefined) next.state = change.state;
  if (change.attempts !== undefined) next.attempts = change.attempts;
  if ('lastStatus' in change) next.lastStatus = change.lastStatus;
  if ('lastError' in change) next.lastError = change.lastError;
  if ('nextAttemptAt' in change) next.nextAttemptAt = change.nextAttemptAt;
  if ('deliveredAt' in change) next.deliveredAt = change.deliveredAt;
  return compactDelivery(next);
}

/** Drops optional keys holding `undefined`, so a cleared field reads the same from every backend. */
export function compactDelivery(delivery: WebhookDelivery): WebhookDelivery {
  const clean = { ...delivery };
  if (clean.lastStatus === undefined) delete clean.lastStatus;
  if (clean.lastError === undefined) delete clean.lastError;
  if (clean.nextAttemptAt === undefined) delete clean.nextAttemptAt;
  if (clean.deliveredAt === undefined) delete clean.deliveredAt;
  return clean;
}
