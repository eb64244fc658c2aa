import { expect } from 'vitest';
import { failureGroup } from '../../src/health/failure-groups.js';
import type { AttemptEvent } from '../../src/observability/gateway-events.js';
import type { Stack } from './start-stack.js';
import { statusClient } from './status-client.js';
import type { WebhookReceiver } from './webhook-receiver.js';

/** Every attempt event of a stack (traffic and probes), from now on. */
export function recordAttempts(stack: Stack): { events: AttemptEvent[]; dispose(): void } {
  const events: AttemptEvent[] = [];
  const subscription = stack.lifeline.services.gateway.events.onAttemptEnd((event) => events.push(event));
  return { events, dispose: () => subscription.dispose() };
}

/**
 * Asserts that nothing is held against any provider: no failed attempt event that counts (a
 * provider's 400 to a bad request is an answer), every breaker
 * closed, no key cooling, every component operational on the public status API (verdicts
 * recomputed now), no incident after an incident evaluation of that snapshot, no webhook sent.
 */
export async function expectNothingHeldAgainstProviders(stack: Stack, attempts: readonly AttemptEvent[], webhooks?: WebhookReceiver): Promise<void> {
  // A provider refusing the client's own bad request (invalid_request) is an answer, not a failure.
  expect(attempts.filter((event) => event.outcome === 'skipped' || (event.outcome === 'failure' && failureGroup(event.failureClass ?? 'server') !== 'answered'))).toEqual([]);
  const { gateway, health, incidents } = { ...stack.lifeline.services, health: stack.lifeline.health, incidents: stack.lifeline.incidents };
  expect(gateway.resilience.breakers.states().filter((breaker) => breaker.state.state !== 'closed')).toEqual([]);
  for (const keys of Object.values(gateway.resilience.keyStates())) expect(keys.filter((key) => key.status === 'cooling')).toEqual([]);
  const snapshot = health.evaluate();
  await incidents.evaluate(snapshot);
  await incidents.idle();
  const status = await statusClient(stack.lifeline.url).lifelineStatus();
  expect(status.components.filter((component) => component.status !== 'operational')).toEqual([]);
  expect(await incidents.list({ unresolved: true })).toEqual([]);
  if (webhooks) expect(webhooks.received).toEqual([]);
}
