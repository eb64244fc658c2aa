import type { CanonicalRequest } from '../canonical/index.js';

/**
 * Every CanonicalRequest field but the two routing reads up front; the compiler keeps this list
 * complete, so a new field is never silently missing from a lazy request.
 */
const DEFERRED_FIELDS = {
  messages: true,
  maxOutputTokens: true,
  temperature: true,
  topP: true,
  topK: true,
  stopSequences: true,
  seed: true,
  tools: true,
  toolChoice: true,
  parallelToolCalls: true,
  responseFormat: true,
  userId: true,
  providerOptions: true,
} as const satisfies Record<Exclude<keyof CanonicalRequest, 'model' | 'stream'>, true>;

/**
 * A CanonicalRequest whose `model` and `stream` are known now and whose conversation is parsed
 * (and validated) only when something reads it: a translation, a continuation on another format,
 * a token estimate. A same-format passthrough reads neither and never pays for the parse.
 * `parse` throws the protocol's InvalidRequestError for a malformed conversation, at that read.
 */
export function lazyCanonicalRequest(head: { model: string; stream: boolean }, parse: () => CanonicalRequest): CanonicalRequest {
  let parsed: CanonicalRequest | undefined;
  const full = () => (parsed ??= parse());
  const request = { model: head.model, stream: head.stream } as CanonicalRequest;
  for (const field of Object.keys(DEFERRED_FIELDS) as (keyof typeof DEFERRED_FIELDS)[]) {
    Object.defineProperty(request, field, { enumerable: true, get: () => full()[field] });
  }
  return request;
}
