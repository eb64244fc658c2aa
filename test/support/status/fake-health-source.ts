import type { ComponentStatus, ComponentVerdict, HealthSnapshot, KeyHealth, Measurements } from '../../../src/health/health-types.js';
import { TypedEmitter } from '../../../src/core/typed-event.js';
import type { HealthSource } from '../../../src/status/health-source.js';

/** A health source tests drive by hand: `set()` replaces the snapshot and announces it. */
export interface FakeHealthSource extends HealthSource {
  set(snapshot: HealthSnapshot): void;
  /** How many `onChange` listeners are subscribed (to prove streams clean up). */
  readonly listenerCount: number;
}

/** Creates a {@link FakeHealthSource} starting at `initial`. */
export function createFakeHealthSource(initial: HealthSnapshot, keys: KeyHealth[] = []): FakeHealthSource {
  const emitter = new TypedEmitter<HealthSnapshot>();
  let current = initial;
  return {
    snapshot: () => current,
    onChange: emitter.event,
    keys: () => keys,
    set(snapshot) {
      current = snapshot;
      emitter.emit(snapshot);
    },
    get listenerCount() {
      return emitter.size;
    },
  };
}

const QUIET: Measurements = { windowMs: 60_000, requests: 120, failures: 0, errorRate: 0, classes: {}, latencyP50Ms: 420, latencyP95Ms: 900, ttftP50Ms: 310 };

const DEFAULT_AT = Date.UTC(2026, 10, 23, 9, 44, 18);

/** A verdict with sensible defaults (operational for two hours before `at`), for tests. */
export function verdict(partial: Partial<ComponentVerdict> & Pick<ComponentVerdict, 'id' | 'name' | 'kind'>, at = DEFAULT_AT): ComponentVerdict {
  return {
    status: 'operational',
    scope: 'none',
    reason: 'answering normally',
    since: at - 2 * 3_600_000,
    lastOkAt: at - 4_000,
    measured: QUIET,
    ...partial,
  };
}

/**
 * Two providers with two and one targets. `outage` puts the first provider in a global major
 * outage; `hostile` adds HTML to its reason, to prove it is shown as text.
 */
export function sampleSnapshot(options: { at?: number; outage?: boolean; hostile?: boolean } = {}): HealthSnapshot {
  const at = options.at ?? DEFAULT_AT;
  const outage = options.outage === true;
  const down: ComponentStatus = outage ? 'major_outage' : 'operational';
  const outageSince = at - 40_000;
  const failing: Partial<ComponentVerdict> = outage
    ? {
        status: down,
        scope: 'global',
        reason: `every request failed with overloaded (529) for 40 s${options.hostile === true ? ' <script>alert(1)</script>' : ''}`,
        since: outageSince,
        lastOkAt: outageSince - 2_000,
        measured: { ...QUIET, requests: 40, failures: 40, errorRate: 1, classes: { overloaded: 40 } },
      }
    : {};
  const components: ComponentVerdict[] = [
    verdict({
      id: 'provider:anthropic',
      name: 'anthropic',
      kind: 'provider',
      official: { status: 'operational', description: 'All Systems Operational', checkedAt: at - 30_000 },
      ...failing,
    }, at),
    verdict({ id: 'target:anthropic/claude-opus', name: 'anthropic/claude-opus', kind: 'target', parentId: 'provider:anthropic', ...failing }, at),
    verdict({ id: 'target:anthropic/claude-haiku', name: 'anthropic/claude-haiku', kind: 'target', parentId: 'provider:anthropic', ...failing }, at),
    verdict(
      { id: 'provider:openai', name: 'openai', kind: 'provider', official: { status: 'operational', description: 'All Systems Operational', checkedAt: at - 45_000 } },
      at,
    ),
    verdict({ id: 'target:openai/gpt-5', name: 'openai/gpt-5', kind: 'target', parentId: 'provider:openai' }, at),
  ];
  return { at, overall: down, components };
}
