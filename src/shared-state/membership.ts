import { TypedEmitter } from '../core/typed-event.js';
import type { SharedStateStatus } from './shared-state.js';

/**
 * How one member of shared state is doing: its mode and since when, why it decides alone, and
 * whether its first join finished. Shared by the Redis and the workers' implementations.
 */
export class Membership {
  mode: SharedStateStatus['mode'] = 'connecting';
  readonly #status = new TypedEmitter<SharedStateStatus>();
  readonly onStatus = this.#status.event;
  #sinceMs = Date.now();
  #reason: string | undefined;
  #firstJoin: () => void = () => undefined;
  readonly #joined = new Promise<void>((resolve) => (this.#firstJoin = resolve));

  readonly #kind: SharedStateStatus['kind'];
  readonly #pendingChanges: () => number;

  constructor(kind: SharedStateStatus['kind'], pendingChanges: () => number) {
    this.#kind = kind;
    this.#pendingChanges = pendingChanges;
  }

  status(): SharedStateStatus {
    return { kind: this.#kind, mode: this.mode, sinceMs: this.#sinceMs, pendingChanges: this.#pendingChanges(), ...(this.#reason ? { reason: this.#reason } : {}) };
  }

  /** Moves to `next` (and tells `onStatus`) unless already there. */
  set(next: SharedStateStatus['mode'], why?: string): void {
    if (this.mode === next) return;
    this.mode = next;
    this.#sinceMs = Date.now();
    this.#reason = why;
    this.#status.emit(this.status());
  }

  /** The first join finished: `ready()` resolves. */
  joined(): void {
    this.#firstJoin();
  }

  /** Resolves once joined, or after `timeoutMs`, whichever is first. */
  async ready(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#joined, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }
}
