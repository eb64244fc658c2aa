import type { InboundPassthrough } from '../provider-adapter.js';

/**
 * A request body as raw bytes: one buffer, or pieces the upstream client sends back to back (see
 * {@link passthroughBytes}).
 */
export type RawRequestBody = Buffer | readonly Buffer[];

/** True for a {@link RawRequestBody}, false for a body still to be serialised. */
export function isRawRequestBody(body: unknown): body is RawRequestBody {
  return Buffer.isBuffer(body) || Array.isArray(body);
}

/**
 * From this size on the spliced body is sent as three pieces instead of one copy: copying a long
 * conversation costs a fresh allocation of its size (page faults, and external memory that drives
 * the garbage collector) on every request, more than two more socket writes.
 */
const SPLICE_COPY_LIMIT = 64 * 1024;

/**
 * The client's body as it arrived with only the top-level `model` value replaced, spliced on the
 * raw bytes: no parse, no serialisation, whatever size the conversation has grown to. A large body
 * is not copied: the chunks before the model, the model and the chunks after it go as pieces of
 * the socket's own buffers. Undefined when the handler kept no raw body (it parsed the request instead);
 * the adapter then serialises the parsed body as before.
 */
export function passthroughBytes(passthrough: InboundPassthrough, model: string): RawRequestBody | undefined {
  const raw = passthrough.raw;
  if (raw === undefined) return undefined;
  const bytes = raw.bytes;
  const modelJson = JSON.stringify(model);
  if (bytes.length < SPLICE_COPY_LIMIT) {
    // One allocation, copied straight from the chunks: no views, no arrays of pieces.
    const modelBytes = Buffer.byteLength(modelJson);
    const spliced = Buffer.allocUnsafe(bytes.length - (raw.model.end - raw.model.start) + modelBytes);
    let written = bytes.copyTo(spliced, 0, 0, raw.model.start);
    written += spliced.write(modelJson, written);
    bytes.copyTo(spliced, written, raw.model.end, bytes.length);
    return spliced;
  }
  return [...bytes.pieces(0, raw.model.start), Buffer.from(modelJson), ...bytes.pieces(raw.model.end, bytes.length)];
}
