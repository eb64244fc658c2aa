import type { GatewayEvents } from '../observability/gateway-events.js';
import type { BreakerRegistry } from '../resilience/circuit-breaker/breaker-registry.js';
import type { Subscription } from '../core/typed-event.js';
import { targetKey } from '../core/target-key.js';

/**
 * Breakers close on evidence: an active probe that a target answered is evidence it recovered, so
 * its open breaker goes half-open at once and the next client request is the trial that closes it.
 * Without this a recovered provider waits out its ejection, which doubles with every failed trial
 * (up to `breaker.max_ejection_time_ms`), and gets no client traffic for minutes.
 */
export function halfOpenOnProbeSuccess(events: GatewayEvents, breakers: BreakerRegistry): Subscription {
  return events.onAttemptEnd((event) => {
    if (event.source !== 'probe' || event.outcome !== 'success') return;
    const key = targetKey(event.provider, event.model);
    if (breakers.has(key)) breakers.get(key).recordRecoveryEvidence();
  });
}
