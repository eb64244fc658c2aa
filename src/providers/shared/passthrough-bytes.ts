import type { InboundPassthrough } from '../provider-adapter.js';

/**
 * The client's body as it arrived with only the top-level `model` value replaced, spliced on the
 * raw bytes: no parse, no serialisation, whatever size the conversation has grown to. Undefined
 * when the handler kept no raw body (it parsed the request instead); the adapter then serialises
 * the parsed body as before.
 */
export function passthroughBytes(passthrough: InboundPassthrough, model: string): Buffer | undefined {
  const raw = passthrough.raw;
  if (raw === undefined) return undefined;
  return Buffer.concat([raw.bytes.subarray(0, raw.model.start), Buffer.from(JSON.stringify(model)), raw.bytes.subarray(raw.model.end)]);
}
