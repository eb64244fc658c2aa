import type { ComponentId, HealthSnapshot } from '../../health/health-types.js';
import type { LifelineStore, Rollup } from '../../store/store.js';
import type { StatusDependencies } from '../status-dependencies.js';
import { mergeRollups } from './history.js';

/** What memory counted that the store does not have yet (see HealthSource.liveRollups). */
export type LiveRollups = (id: ComponentId, fromMs: number, toMs: number) => Rollup[];

/** The health source's live minutes, when it keeps any. */
export function liveRollupsOf(dependencies: Pick<StatusDependencies, 'health'>): LiveRollups | undefined {
  const { health } = dependencies;
  return health.liveRollups ? (id, fromMs, toMs) => health.liveRollups!(id, fromMs, toMs) : undefined;
}

/**
 * A component's minutes in [fromMs, toMs): the stored ones plus what memory counted that the
 * store has not been given yet (the last seconds of the minute in progress), so a live chart
 * shows traffic at once instead of at the next write.
 */
export async function loadRollups(
  store: LifelineStore,
  snapshot: HealthSnapshot,
  componentId: ComponentId,
  fromMs: number,
  toMs: number,
  live?: LiveRollups,
): Promise<Rollup[]> {
  const stored = await storedRollups(store, snapshot, componentId, fromMs, toMs);
  if (!live) return stored;
  const fresh = live(componentId, fromMs, toMs);
  return fresh.length === 0 ? stored : mergeRollups([stored, fresh], componentId);
}

/**
 * A provider without minutes of its own (the health monitor may only write targets) is shown as
 * the sum of its targets, so its bars are never blank while its models have data.
 */
async function storedRollups(store: LifelineStore, snapshot: HealthSnapshot, componentId: ComponentId, fromMs: number, toMs: number): Promise<Rollup[]> {
  const own = await store.rollups.range(componentId, fromMs, toMs);
  if (own.length > 0 || !componentId.startsWith('provider:')) return own;
  const targets = snapshot.components.filter((component) => component.parentId === componentId);
  const lists = await Promise.all(targets.map((target) => store.rollups.range(target.id, fromMs, toMs)));
  return mergeRollups(lists, componentId);
}
