import type { ComponentId, HealthSnapshot } from '../../health/health-types.js';
import type { LifelineStore, Rollup } from '../../store/store.js';
import { mergeRollups } from './history.js';

/**
 * A component's minutes in [fromMs, toMs). A provider without minutes of its own (the health
 * monitor may only write targets) is shown as the sum of its targets, so its bars are never blank
 * while its models have data.
 */
export async function loadRollups(store: LifelineStore, snapshot: HealthSnapshot, componentId: ComponentId, fromMs: number, toMs: number): Promise<Rollup[]> {
  const own = await store.rollups.range(componentId, fromMs, toMs);
  if (own.length > 0 || !componentId.startsWith('provider:')) return own;
  const targets = snapshot.components.filter((component) => component.parentId === componentId);
  const lists = await Promise.all(targets.map((target) => store.rollups.range(target.id, fromMs, toMs)));
  return mergeRollups(lists, componentId);
}
