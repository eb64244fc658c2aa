import type { StreamPart } from '../../src/canonical/index.js';

/** The parts of an adapter stream one by one, whatever batches they arrived in. */
export async function* eachPart(stream: AsyncIterable<StreamPart[]>): AsyncGenerator<StreamPart> {
  for await (const batch of stream) {
    if (batch.length === 0) throw new Error('an adapter stream yielded an empty batch');
    yield* batch;
  }
}

/** Every part of an adapter stream, in order. */
export async function collectParts(stream: AsyncIterable<StreamPart[]>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of eachPart(stream)) parts.push(part);
  return parts;
}
