import type { Subscription } from '../core/typed-event.js';
import { countKeyOf } from './count-ledger.js';
import { RegisterBook } from './register-book.js';
import type { CountChange } from './shared-state.js';
import type { StateChannel } from './state-channel.js';

/** A counter's running total and when it lapses (its last increment's `ttlMs` later). */
interface CounterTotal extends Omit<CountChange, 'amount' | 'ttlMs'> {
  total: number;
  expiresAt: number;
}

/** The primary's side of the workers' shared state: see {@link createWorkerStateHub}. */
export interface WorkerStateHub {
  /** Serves one worker's channel until it closes (or the subscription is disposed). */
  attach(channel: StateChannel): Subscription;
  close(): void;
}

/**
 * What Redis is to a fleet, the primary of `lifeline start --workers N` is to its workers: it
 * keeps the newest value of every register (newest `at` wins, then `origin`) and every counter's
 * total, relays each worker's changes to the others, and answers a (re)started worker's `join`
 * with all of it. It decides nothing itself and never parses a request.
 */
export function createWorkerStateHub(options: { now?: () => number } = {}): WorkerStateHub {
  const now = options.now ?? Date.now;
  const channels = new Set<StateChannel>();
  const registers = new RegisterBook();
  const counters = new Map<string, CounterTotal>();

  const addCount = (change: CountChange) => {
    const key = countKeyOf(change);
    const counter = counters.get(key) ?? { family: change.family, bucket: change.bucket, name: change.name, total: 0, expiresAt: 0 };
    counter.total += change.amount;
    counter.expiresAt = now() + change.ttlMs;
    counters.set(key, counter);
  };
  const prune = () => {
    const at = now();
    for (const [key, counter] of counters) if (counter.expiresAt <= at) counters.delete(key);
  };
  const pruneTimer = setInterval(prune, 30_000);
  pruneTimer.unref();

  return {
    attach(channel) {
      channels.add(channel);
      const subscriptions = [
        channel.onMessage((message) => {
          if (message.lifelineState === 'join') {
            prune();
            const at = now();
            const counts = [...counters.values()].map(({ total, expiresAt, ...id }) => ({ ...id, amount: total, ttlMs: Math.max(1, expiresAt - at) }));
            channel.send({ lifelineState: 'snapshot', registers: [...registers.values()], counts });
          } else if (message.lifelineState === 'changes') {
            for (const change of message.registers) registers.remember({ name: change.name, value: change.value, at: change.at, origin: change.origin });
            for (const change of message.counts) addCount(change);
            for (const other of channels) if (other !== channel) other.send(message);
          }
        }),
        channel.onClose(() => detach()),
      ];
      const detach = () => {
        channels.delete(channel);
        for (const subscription of subscriptions) subscription.dispose();
      };
      return { dispose: detach };
    },
    close() {
      clearInterval(pruneTimer);
      channels.clear();
    },
  };
}
