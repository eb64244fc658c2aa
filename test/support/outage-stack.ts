import type { AttemptEvent } from '../../src/observability/gateway-events.js';
import { startStack, type Stack, type StackProvider } from './start-stack.js';

/** Health settings for these tests: no official pages (no internet), probes as the test asks. */
export function healthBlock(options: { probe?: Record<string, unknown>; hysteresis?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    official: { enabled: false },
    probe: { enabled: false, ...options.probe },
    // Recovery needs 30 s without a failure by default; the tests shorten only that stretch, so
    // how fast an outage is detected is measured with the shipped thresholds and windows.
    hysteresis: { recover_after_ms: 4_000, ...options.hysteresis },
  };
}

/**
 * Breakers that half-open 2 s after opening and never back off further, so a recovered provider
 * gets traffic again within seconds (defaults: 30 s, doubling to 5 min).
 */
export const QUICK_BREAKER = { breaker: { base_ejection_time_ms: 2_000, max_ejection_time_ms: 2_000 } };

/** The usual pair: an Anthropic primary and an OpenAI fallback behind one route. */
export function primaryAndFallback(primary: Partial<StackProvider> = {}): { providers: StackProvider[]; routes: Record<string, unknown> } {
  return {
    providers: [
      { name: 'primary', simulator: { format: 'anthropic' }, ...primary },
      { name: 'fallback', simulator: { format: 'openai' } },
    ],
    routes: { 'claude-*': ['primary/*', 'fallback/gpt-5'] },
  };
}

/** Attempt events of one provider as the gateway reports them (what health reads too). */
export interface AttemptLog {
  readonly events: readonly AttemptEvent[];
  /** The first sent attempt that failed at or after `fromMs`. */
  firstFailureAfter(fromMs: number): AttemptEvent | undefined;
  dispose(): void;
}

/** Records the gateway's attempt events for `provider` (traffic and probes). */
export function watchAttempts(stack: Stack, provider: string): AttemptLog {
  const events: AttemptEvent[] = [];
  const subscription = stack.lifeline.services.gateway.events.onAttemptEnd((event) => {
    if (event.provider === provider) events.push(event);
  });
  return {
    events,
    firstFailureAfter: (fromMs) => events.find((event) => event.at >= fromMs && event.outcome === 'failure'),
    dispose: () => subscription.dispose(),
  };
}

export { startStack, type Stack };
