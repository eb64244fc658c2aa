import { globMatch } from './glob-match.js';
import type { FaultSpec } from './types.js';

/** What a fault's `match` is compared with. */
export interface FaultTarget {
  path: string;
  model: string | undefined;
  key: string | undefined;
  stream: boolean;
}

interface QueuedFault {
  spec: FaultSpec;
  remaining: number;
}

function applies(spec: FaultSpec, target: FaultTarget): boolean {
  const match = spec.match;
  if (!match) return true;
  if (match.stream !== undefined && match.stream !== target.stream) return false;
  if (match.key !== undefined && match.key !== target.key) return false;
  if (match.path !== undefined && !globMatch(match.path, target.path)) return false;
  if (match.model !== undefined && (target.model === undefined || !globMatch(match.model, target.model))) {
    return false;
  }
  return true;
}

/** Faults waiting to be applied; each request takes the first one that matches it. */
export class FaultQueue {
  #queue: QueuedFault[] = [];

  /** Queues `spec` for `times` requests (default 1), or for all until cleared when persistent. */
  add(spec: FaultSpec): void {
    const remaining = spec.persistent ? Number.POSITIVE_INFINITY : (spec.times ?? 1);
    if (remaining > 0) this.#queue.push({ spec, remaining });
  }

  clear(): void {
    this.#queue = [];
  }

  get size(): number {
    return this.#queue.length;
  }

  /** Removes one use of the first fault matching `target` and returns it. */
  take(target: FaultTarget): FaultSpec | undefined {
    if (this.#queue.length === 0) return undefined;
    for (let index = 0; index < this.#queue.length; index++) {
      const queued = this.#queue[index];
      if (!queued || !applies(queued.spec, target)) continue;
      queued.remaining--;
      if (queued.remaining <= 0) this.#queue.splice(index, 1);
      return queued.spec;
    }
    return undefined;
  }
}
