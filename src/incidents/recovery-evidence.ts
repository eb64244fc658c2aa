import { isOtherModelsComponent } from '../health/component-id.js';
import type { ComponentId, ComponentVerdict } from '../health/health-types.js';
import { providerIdOf } from './incident-wording.js';

/**
 * What an incident resumed after a restart waits for before it may go to `monitoring` or resolve.
 * A freshly started health monitor calls every component operational only because it has seen no
 * failure yet: absence of evidence, not recovery. Each component of the incident counts as
 * recovered once it has answered (client traffic or a probe: the verdict's `lastOkAt`) after the
 * start, and after the last time it was seen failing since. A model the new process has not
 * listed yet (one a `provider/*` route reached, nobody has asked for since) follows its provider,
 * and so does the `provider/*` bucket of client-named models: a model that answers again is
 * admitted to state of its own, so its success is never recorded on the bucket itself.
 */
export class RecoveryEvidence {
  /** Per component still waiting: a success must come after this epoch ms. */
  readonly #successAfter = new Map<ComponentId, number>();

  constructor(componentIds: Iterable<ComponentId>, startedAt: number) {
    for (const id of componentIds) this.#successAfter.set(id, startedAt);
  }

  /**
   * Reads one evaluation's verdicts. A component that is failing now waits for a success after
   * `now`; one that answered after its wait has proven itself. One missing from the snapshot, and the
   * `provider/*` bucket, waits for its provider, and for nothing once its provider is gone too (removed from the
   * configuration). Returns true once nothing waits any more.
   */
  observe(verdicts: ReadonlyMap<ComponentId, ComponentVerdict>, now: number): boolean {
    const missing: ComponentId[] = [];
    for (const [id, after] of this.#successAfter) {
      const verdict = verdicts.get(id);
      if (!verdict || isOtherModelsComponent(id)) missing.push(id);
      else if (verdict.status !== 'operational') this.#successAfter.set(id, now);
      else if (verdict.lastOkAt !== undefined && verdict.lastOkAt > after) this.#successAfter.delete(id);
    }
    for (const id of missing) {
      const provider = providerIdOf(id);
      if (!verdicts.has(provider) || !this.#successAfter.has(provider)) this.#successAfter.delete(id);
    }
    return this.#successAfter.size === 0;
  }

  /** True while `id` has not proven its recovery. */
  awaits(id: ComponentId): boolean {
    return this.#successAfter.has(id);
  }
}
