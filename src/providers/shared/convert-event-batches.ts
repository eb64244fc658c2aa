import type { StreamPart } from '../../canonical/index.js';
import { LifelineError } from '../../errors/index.js';

/** A stream converter that takes one upstream event at a time (Gemini's, Bedrock Converse's). */
export interface EventConverter<E> {
  push(event: E): StreamPart[];
  /** What the end of the bytes means: the finish, or an error for a cut stream. */
  end(): StreamPart[];
  readonly closed: boolean;
}

/**
 * Upstream event batches → canonical parts, one array per read. A failed read becomes an `error`
 * part (`mapReadError` names it), as does a converter that throws; the stream stops once the
 * converter has closed, and the reader is released either way.
 */
export async function* convertEventBatches<E>(batches: AsyncGenerator<E[]>, converter: EventConverter<E>, mapReadError: (error: unknown) => unknown): AsyncGenerator<StreamPart[]> {
  try {
    for (;;) {
      let next: IteratorResult<E[]>;
      try {
        next = await batches.next();
      } catch (error) {
        yield [{ type: 'error', error: mapReadError(error) }];
        return;
      }
      if (next.done) break;
      const out: StreamPart[] = [];
      try {
        for (const event of next.value) {
          out.push(...converter.push(event));
          if (converter.closed) break;
        }
      } catch (error) {
        yield [...out, { type: 'error', error: LifelineError.from(error) }];
        return;
      }
      if (out.length > 0) yield out;
      if (converter.closed) return;
    }
  } finally {
    batches.return(undefined).catch(() => undefined);
  }
  const ending = converter.end();
  if (ending.length > 0) yield ending;
}
