import { TypedEmitter } from '../core/typed-event.js';
import { createRedisSharedState } from './redis-shared-state.js';
import { deleteRedisPrefix, freshRedisPrefix, redisSkipReason, TEST_REDIS_URL } from './redis-test-support.js';
import type { SharedState } from './shared-state.js';
import type { StateChannel, StateMessage } from './state-channel.js';
import { createWorkerSharedState } from './worker-shared-state.js';
import { createWorkerStateHub, type WorkerStateHub } from './worker-state-hub.js';

/**
 * For tests: the shared-state implementations that must behave alike, each able to make groups
 * of members that share with each other (a fleet on one Redis prefix; the workers of one primary).
 * The same tests run against every backend (`describe.each(await sharedStateBackends())`).
 */
export interface SharedStateBackend {
  name: string;
  /** Why this backend's tests skip (Redis unreachable outside CI), if they do. */
  skip?: { reason: string };
  /** A new group; `join()` makes one more member of it. */
  group(label: string): { join(): SharedState };
  /** Frees what the groups left (Redis keys, hubs). */
  cleanUp(): Promise<void>;
}

/** Redis (the machine's) and the workers' primary (a hub in this process over in-memory channels). */
export async function sharedStateBackends(): Promise<SharedStateBackend[]> {
  const skip = await redisSkipReason();
  const prefixes: string[] = [];
  const hubs: WorkerStateHub[] = [];
  return [
    {
      name: 'Redis',
      ...(skip ? { skip } : {}),
      group(label) {
        const prefix = freshRedisPrefix(label);
        prefixes.push(prefix);
        return { join: () => createRedisSharedState({ url: TEST_REDIS_URL, prefix, countFlushMs: 10 }) };
      },
      async cleanUp() {
        if (!skip) for (const prefix of prefixes.splice(0)) await deleteRedisPrefix(prefix);
      },
    },
    {
      name: 'workers (primary over IPC)',
      group() {
        const hub = createWorkerStateHub();
        hubs.push(hub);
        return {
          join() {
            const [workerEnd, primaryEnd] = ipcPair();
            hub.attach(primaryEnd);
            return createWorkerSharedState({ channel: workerEnd, countFlushMs: 10 });
          },
        };
      },
      async cleanUp() {
        for (const hub of hubs.splice(0)) hub.close();
      },
    },
  ];
}

/**
 * Two ends of a channel that behave as cluster IPC does: messages arrive later (not in the
 * sender's tick), in order, as copies serialised to JSON.
 */
export function ipcPair(): [StateChannel, StateChannel] {
  const toFirst = new TypedEmitter<StateMessage>();
  const toSecond = new TypedEmitter<StateMessage>();
  const closed = new TypedEmitter<void>();
  const end = (inbox: TypedEmitter<StateMessage>, outbox: TypedEmitter<StateMessage>): StateChannel => ({
    send(message) {
      const copy = JSON.parse(JSON.stringify(message)) as StateMessage;
      setImmediate(() => outbox.emit(copy));
    },
    onMessage: inbox.event,
    onClose: closed.event,
  });
  return [end(toFirst, toSecond), end(toSecond, toFirst)];
}
