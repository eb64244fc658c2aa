import { createInProcessSharedState } from './in-process-shared-state.js';
import { createRedisSharedState } from './redis-shared-state.js';
import type { SharedState } from './shared-state.js';
import type { StateSettings } from './state-config.js';

/** The shared state the settings ask for: Redis with `redisUrl`, else this process alone. */
export function createSharedState(settings: StateSettings | undefined): SharedState {
  if (settings?.redisUrl === undefined) return createInProcessSharedState();
  return createRedisSharedState({ url: settings.redisUrl, prefix: settings.redisPrefix });
}
