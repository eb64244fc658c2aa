import { randomBytes } from 'node:crypto';
import { NO_SUBSCRIPTION, type SharedState, type SharedStateStatus } from './shared-state.js';

/**
 * One instance alone (the default, no `state.redis_url`): its own objects already hold the whole
 * truth, so sharing does nothing and no other instance ever reports a change.
 */
export function createInProcessSharedState(): SharedState {
  const status: SharedStateStatus = { kind: 'in-process', mode: 'shared', sinceMs: Date.now(), pendingChanges: 0 };
  return {
    kind: 'in-process',
    instanceId: randomBytes(6).toString('hex'),
    setRegister: () => undefined,
    addCount: () => undefined,
    onRegister: () => NO_SUBSCRIPTION,
    onCount: () => NO_SUBSCRIPTION,
    onStatus: () => NO_SUBSCRIPTION,
    status: () => ({ ...status }),
    ready: async () => undefined,
    close: async () => undefined,
  };
}
