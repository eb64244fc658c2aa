import { randomBytes } from 'node:crypto';
import { TypedEmitter } from '../core/typed-event.js';
import { Membership } from './membership.js';
import { addPendingCount, RegisterBook } from './register-book.js';
import type { BroadcastMessage, CountChange, RegisterChange, SharedState } from './shared-state.js';
import type { StateChannel } from './state-channel.js';

/** Options of {@link createWorkerSharedState}. */
export interface WorkerSharedStateOptions {
  /** This worker's channel to the primary (`primaryChannel()` in a cluster worker). */
  channel: StateChannel;
  /** Counts and broadcasts are batched this long before they are sent. Default 50 ms, as with Redis. */
  countFlushMs?: number;
}

/** Broadcasts held for the next batch at most (live news only: a burst beyond this is dropped). */
const MAX_PENDING_BROADCASTS = 5_000;

/**
 * Shared state for the workers of one `lifeline start --workers N` without Redis: the primary
 * process holds the state (`worker-state-hub.ts`) and relays changes between workers over the
 * cluster's IPC channel. It behaves as the Redis bridge does: a change is applied by the caller
 * first and sent in the background (registers at once, counts and broadcasts in short batches);
 * a starting worker reads every register and counter from the primary before it takes traffic.
 */
export function createWorkerSharedState(options: WorkerSharedStateOptions): SharedState {
  const { channel } = options;
  const instanceId = randomBytes(6).toString('hex');
  const countFlushMs = options.countFlushMs ?? 50;
  const registerEmitter = new TypedEmitter<RegisterChange>();
  const countEmitter = new TypedEmitter<CountChange>();
  const broadcastEmitter = new TypedEmitter<BroadcastMessage>();
  const registers = new RegisterBook();
  const pendingCounts = new Map<string, CountChange>();
  let pendingBroadcasts: BroadcastMessage[] = [];
  const membership = new Membership('workers', () => pendingCounts.size + pendingBroadcasts.length);
  let closed = false;
  let flushTimer: NodeJS.Timeout | undefined;
  const hearRegister = (change: RegisterChange) => {
    if (registers.remember(change)) registerEmitter.emit(change);
  };

  /** Sends `registers` now, with whatever counts and broadcasts wait. */
  const flush = (registersNow: RegisterChange[] = []) => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (closed || membership.mode === 'local') return;
    if (registersNow.length + pendingCounts.size + pendingBroadcasts.length === 0) return;
    const message = { lifelineState: 'changes' as const, origin: instanceId, registers: registersNow, counts: [...pendingCounts.values()], broadcasts: pendingBroadcasts };
    pendingCounts.clear();
    pendingBroadcasts = [];
    channel.send(message);
  };
  const scheduleFlush = () => {
    if (flushTimer || closed) return;
    flushTimer = setTimeout(() => flush(), countFlushMs);
    flushTimer.unref();
  };

  const subscriptions = [
    channel.onMessage((message) => {
      if (closed) return;
      if (message.lifelineState === 'snapshot') {
        for (const change of message.registers) hearRegister({ ...change, joined: true });
        for (const change of message.counts) countEmitter.emit(change);
        membership.set('shared');
        membership.joined();
      } else if (message.lifelineState === 'changes' && message.origin !== instanceId) {
        for (const change of message.registers) hearRegister(change);
        for (const change of message.counts) countEmitter.emit(change);
        for (const broadcast of message.broadcasts) broadcastEmitter.emit(broadcast);
      }
    }),
    // Without its primary a worker decides alone (the primary going away ends the workers anyway).
    channel.onClose(() => membership.set('local', 'the primary process is gone; routing state is this worker\'s own')),
  ];
  // Asked first, so the primary's answer predates every change this worker sends: nothing is counted twice.
  channel.send({ lifelineState: 'join' });

  return {
    kind: 'workers',
    instanceId,
    setRegister(name, value, at) {
      const change: RegisterChange = { name, value, at, origin: instanceId };
      registers.remember(change);
      // A breaker opening is news every worker needs now, not in the next batch.
      flush([change]);
    },
    addCount(change) {
      addPendingCount(pendingCounts, change);
      scheduleFlush();
    },
    broadcast(message) {
      if (membership.mode === 'local' || pendingBroadcasts.length >= MAX_PENDING_BROADCASTS) return;
      pendingBroadcasts.push(message);
      scheduleFlush();
    },
    onBroadcast: broadcastEmitter.event,
    onRegister: registerEmitter.event,
    onCount: countEmitter.event,
    onStatus: membership.onStatus,
    status: () => membership.status(),
    ready: (timeoutMs) => membership.ready(timeoutMs),
    async close() {
      if (closed) return;
      // A last flush: a clean stop hands over what this worker counted last.
      flush();
      closed = true;
      for (const subscription of subscriptions) subscription.dispose();
    },
  };
}
