import { Gauge, Histogram, type Registry } from 'prom-client';
import type { Subscription } from '../core/typed-event.js';
import type { SharedState } from './shared-state.js';

const MODE_VALUE = { shared: 0, local: 1, connecting: 2 } as const;
const LAG_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5];

/**
 * What to watch of a fleet's shared state: whether this instance shares (`mode`), what waits to
 * be written, and how long other instances' changes took to arrive here (`lag`, from the change's
 * own time stamp to its application; only changes heard as they happened, not ones read on joining).
 */
export function registerSharedStateMetrics(registry: Registry, sharedState: SharedState): Subscription {
  new Gauge({
    name: 'lifeline_shared_state_mode',
    help: 'Routing state sharing: 0 shared with the fleet (or in-process, alone), 1 local because Redis is unreachable, 2 connecting.',
    registers: [registry],
    collect() {
      this.set(MODE_VALUE[sharedState.status().mode]);
    },
  });
  new Gauge({
    name: 'lifeline_shared_state_pending_changes',
    help: 'Routing state changes made here that still wait to reach Redis.',
    registers: [registry],
    collect() {
      this.set(sharedState.status().pendingChanges);
    },
  });
  const lag = new Histogram({
    name: 'lifeline_shared_state_lag_seconds',
    help: "Time from another instance's change (breaker, key cooldown) to its application here.",
    labelNames: ['kind'],
    buckets: LAG_BUCKETS_SECONDS,
    registers: [registry],
  });
  return sharedState.onRegister((change) => {
    if (change.joined) return;
    const kind = change.name.slice(0, Math.max(0, change.name.indexOf(':'))) || 'other';
    lag.observe({ kind }, Math.max(0, Date.now() - change.at) / 1000);
  });
}
