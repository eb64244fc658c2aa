import type { ComponentId } from '../health/health-types.js';
import type { Clock } from '../core/clock.js';
import type { SharedStateStatus } from '../shared-state/shared-state.js';
import type { LifelineStore } from '../store/store.js';
import type { HealthSource } from './health-source.js';

/** What every status route reads, resolved once by `createStatusRoutes`. */
export interface StatusDependencies {
  health: HealthSource;
  store: LifelineStore;
  pageName: string;
  /** Public base URL for links, when configured; else taken from the request's Host. */
  publicUrl?: string;
  /** Which Host values may appear in links when `publicUrl` is unset. */
  hostAllowed(hostHeader: string | undefined): boolean;
  clock: Clock;
  firstSeenAt(id: ComponentId): number;
  /** Whether routing state is shared across the fleet right now. */
  sharedState?: () => SharedStateStatus;
}
