import { createInProcessSharedState } from './in-process-shared-state.js';
import type { SharedState } from './shared-state.js';
import type { StateChannel } from './state-channel.js';
import type { StateSettings } from './state-config.js';
import { createWorkerSharedState } from './worker-shared-state.js';

/**
 * The shared state the settings ask for: Redis with `redisUrl` (workers of one machine too, as
 * instances do); else, in a worker of `lifeline start --workers N`, the primary over `workerChannel`;
 * else this process alone. The Redis client is loaded only when asked for (it is memory an
 * instance without Redis never needs).
 */
export async function createSharedState(settings: StateSettings | undefined, options: { workerChannel?: StateChannel } = {}): Promise<SharedState> {
  if (settings?.redisUrl !== undefined) {
    const { createRedisSharedState } = await import('./redis-shared-state.js');
    return createRedisSharedState({ url: settings.redisUrl, prefix: settings.redisPrefix });
  }
  if (options.workerChannel) return createWorkerSharedState({ channel: options.workerChannel });
  return createInProcessSharedState();
}
