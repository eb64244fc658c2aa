/** Handle returned by a subscription; `dispose()` removes the listener. */
export interface Subscription {
  dispose(): void;
}

/**
 * Subscribes a listener to one event, cockatiel-style: `breaker.onBreak((data) => ...)`.
 * @example
 * const subscription = breaker.onBreak(({ key, state }) => log.warn({ key, state }, 'breaker opened'));
 * subscription.dispose();
 */
export type TypedEvent<Data> = (listener: (data: Data) => void) => Subscription;

/**
 * The smallest typed emitter that does the job. Listeners run synchronously in subscription
 * order, after the state change they report has been applied, so a listener reading the source
 * sees the new state. A throwing listener must not abort the caller (a breaker transition happens
 * inside a request), so its error goes to `onListenerError` (default: a process warning).
 */
export class TypedEmitter<Data> {
  readonly #listeners = new Set<(data: Data) => void>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = reportAsWarning) {
    this.#onListenerError = onListenerError;
  }

  /** The subscribe function to expose publicly. */
  readonly event: TypedEvent<Data> = (listener) => {
    // Wrap so subscribing the same function twice gives two independent subscriptions.
    const wrapped = (data: Data): void => listener(data);
    this.#listeners.add(wrapped);
    return { dispose: () => void this.#listeners.delete(wrapped) };
  };

  /** Number of current listeners. */
  get size(): number {
    return this.#listeners.size;
  }

  /** Calls every listener with `data`. */
  emit(data: Data): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(data);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}

function reportAsWarning(error: unknown): void {
  process.emitWarning(error instanceof Error ? error : new Error(String(error)), { code: 'LIFELINE_LISTENER_ERROR' });
}
