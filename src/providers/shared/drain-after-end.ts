/**
 * How long a provider may take to end its body after the stream's last event (Anthropic
 * `message_stop`, OpenAI `[DONE]`) before its connection is dropped.
 */
export const AFTER_END_GRACE_MS = 5_000;

/**
 * Reads whatever an upstream body still sends after the stream's last event, in the background,
 * so the client's stream can end at once. A provider that ends its body right away (the normal
 * case: only the chunked terminator is left) keeps its connection for the next request; one that
 * keeps the connection open is cut (`abandon`) after `graceMs` instead of holding the client's
 * response open until an idle timeout.
 */
export function drainAfterEnd(rest: AsyncIterator<unknown>, abandon: () => void, graceMs: number = AFTER_END_GRACE_MS): void {
  const timer = setTimeout(abandon, graceMs);
  timer.unref();
  void (async () => {
    try {
      while (!(await rest.next()).done) {
        // Nothing after the last event matters: it is read only to reach the end of the body.
      }
    } catch {
      // Abandoned, reset or timed out: the answer was already complete.
    } finally {
      clearTimeout(timer);
    }
  })();
}
