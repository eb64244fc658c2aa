import { z } from 'zod';
import { FAILURE_CLASSES } from '../errors/index.js';
import type { ResilienceState } from '../pipeline/resilience-state.js';
import { breakerStateSchema, type BreakerState } from '../resilience/circuit-breaker/breaker-state.js';
import type { BreakerEvent } from '../resilience/circuit-breaker/circuit-breaker.js';
import type { Subscription } from '../core/typed-event.js';
import type { SharedState } from './shared-state.js';

const BREAKER = 'breaker:';
const COOLDOWN = 'cooldown:';
const BUDGET_FAMILY = 'retry-budget';
/** Retry-budget counts are bucketed by second, like the budget's own window. */
const BUDGET_BUCKET_MS = 1_000;

const cooldownSchema = z.object({ untilMs: z.number(), reason: z.enum(FAILURE_CLASSES) }).nullable();

/**
 * Makes a gateway's routing state the fleet's: breaker changes, key cooldowns and retry-budget
 * counts made here go to `shared`, and what other instances decide is applied to the same objects
 * the pipeline reads — which never learns whether it runs alone or in a fleet.
 *
 * A breaker shares every transition (open, half-open, closed); what its algorithm counts while
 * closed stays per instance, so each instance opens on its own evidence and every other follows
 * it. A key's cooldown is shared when set and when a success lifts it.
 */
export function shareResilienceState(state: ResilienceState, shared: SharedState): Subscription {
  const subscriptions: Subscription[] = [];
  const publishBreaker = (event: BreakerEvent) => shared.setRegister(`${BREAKER}${event.key}`, event.state, Date.now());
  subscriptions.push(state.breakers.onBreak(publishBreaker), state.breakers.onHalfOpen(publishBreaker), state.breakers.onReset(publishBreaker));

  for (const provider of Object.keys(state.keyStates())) {
    subscriptions.push(
      state.keyPool(provider).onCooldownChange((change) => shared.setRegister(`${COOLDOWN}${provider}/${change.label}`, change.cooldown ?? null, Date.now())),
    );
  }

  const budget = state.retryBudget;
  subscriptions.push(
    budget.onCount(({ name, atMs }) =>
      shared.addCount({ family: BUDGET_FAMILY, bucket: String(atMs - (atMs % BUDGET_BUCKET_MS)), name, amount: 1, ttlMs: budget.windowMs + BUDGET_BUCKET_MS }),
    ),
  );

  subscriptions.push(
    shared.onRegister((change) => {
      if (change.name.startsWith(BREAKER)) {
        const parsed = breakerStateSchema.safeParse(change.value);
        if (!parsed.success) return;
        const breaker = state.breakers.get(change.name.slice(BREAKER.length));
        breaker.applyShared(parsed.data.state === 'half-open' ? withOwnProbe(parsed.data, breaker.state) : parsed.data);
      } else if (change.name.startsWith(COOLDOWN)) {
        const rest = change.name.slice(COOLDOWN.length);
        const slash = rest.indexOf('/');
        const parsed = cooldownSchema.safeParse(change.value);
        if (slash <= 0 || !parsed.success) return;
        state.keyPool(rest.slice(0, slash)).applySharedCooldown({ label: rest.slice(slash + 1), cooldown: parsed.data ?? undefined });
      }
    }),
    shared.onCount((change) => {
      if (change.family !== BUDGET_FAMILY || (change.name !== 'requests' && change.name !== 'retries')) return;
      budget.addShared(change.name, change.amount, Number(change.bucket));
    }),
  );
  return { dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) };
}

/**
 * Another instance's half-open state, with this instance's own probe slot: each instance may send
 * one probe of its own. Taking the other's "probe in flight" would leave this instance rejecting
 * until the probe timeout (minutes) whenever that instance dies or drops its probe unanswered;
 * the price is at most one probe per instance per ejection, and the first answer decides for all.
 */
function withOwnProbe(remote: Extract<BreakerState, { state: 'half-open' }>, local: BreakerState): BreakerState {
  if (local.state === 'half-open' && local.probeInFlight) return { ...remote, probeInFlight: true, ...(local.probeStartedAt !== undefined ? { probeStartedAt: local.probeStartedAt } : {}) };
  return { state: 'half-open', openCount: remote.openCount, probeInFlight: false };
}
