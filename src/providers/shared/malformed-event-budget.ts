import type { AttemptContext } from '../provider-adapter.js';

/**
 * The malformed events one stream may still skip (AttemptContext.malformedEvents). A provider that
 * sends one broken frame in an otherwise good stream has not failed: the frame is dropped (its
 * content, if it had any, is lost) and reported. One that keeps sending them has: past the limit
 * the stream fails as before. Without a tolerance, the first malformed event fails the stream.
 */
export class MalformedEventBudget {
  #left: number;
  readonly #onSkipped: ((detail: string) => void) | undefined;

  constructor(tolerance: AttemptContext['malformedEvents']) {
    this.#left = tolerance?.limit ?? 0;
    this.#onSkipped = tolerance?.onSkipped;
  }

  /** True (and reported) when this malformed event may be skipped; false when the stream must fail. */
  trySkip(detail: string): boolean {
    if (this.#left <= 0) return false;
    this.#left--;
    this.#onSkipped?.(detail);
    return true;
  }
}
