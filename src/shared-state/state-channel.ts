import type { Worker } from 'node:cluster';
import type { Subscription } from '../core/typed-event.js';
import type { BroadcastMessage, CountChange, RegisterChange } from './shared-state.js';

/**
 * What the workers of `lifeline start --workers N` and their primary say to each other about
 * routing state, over the cluster's IPC channel. Every message carries `lifelineState` so other
 * traffic on the channel (cluster's own, the start-up handshake) is told apart.
 */
export type StateMessage =
  /** Worker → primary, first thing on the channel: "send me what the others decided". */
  | { lifelineState: 'join' }
  /** Primary → worker, the answer to `join`: every register, every live counter's total. */
  | { lifelineState: 'snapshot'; registers: RegisterChange[]; counts: CountChange[] }
  /** Either way: changes one worker made (the primary relays them to the other workers). */
  | { lifelineState: 'changes'; origin: string; registers: RegisterChange[]; counts: CountChange[]; broadcasts: BroadcastMessage[] };

/** One end of an IPC channel, as shared state uses it. */
export interface StateChannel {
  send(message: StateMessage): void;
  onMessage(listener: (message: StateMessage) => void): Subscription;
  /** The other end went away (the primary died, or the worker exited). */
  onClose(listener: () => void): Subscription;
}

/** True for the messages of {@link StateMessage}, whatever else travels on the channel. */
export function isStateMessage(message: unknown): message is StateMessage {
  return typeof message === 'object' && message !== null && typeof (message as { lifelineState?: unknown }).lifelineState === 'string';
}

/** A worker's end: this process's channel to the primary (`process.send`). */
export function primaryChannel(): StateChannel {
  return {
    send(message) {
      // A primary that is gone closes the channel; the worker learns it from `disconnect`.
      if (process.connected) process.send!(message);
    },
    onMessage: (listener) => listen(process, 'message', (message: unknown) => (isStateMessage(message) ? listener(message) : undefined)),
    onClose: (listener) => listen(process, 'disconnect', listener),
  };
}

/** The primary's end of one worker's channel. */
export function workerChannel(worker: Worker): StateChannel {
  return {
    send(message) {
      if (worker.isConnected()) worker.send(message);
    },
    onMessage: (listener) => listen(worker, 'message', (message: unknown) => (isStateMessage(message) ? listener(message) : undefined)),
    onClose: (listener) => listen(worker, 'disconnect', listener),
  };
}

function listen(source: NodeJS.EventEmitter, event: string, listener: (message: unknown) => void): Subscription {
  source.on(event, listener);
  return { dispose: () => void source.off(event, listener) };
}
