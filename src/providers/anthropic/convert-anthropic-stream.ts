import type { StreamPart } from '../../canonical/index.js';
import { type GatewayError, type TargetRef, UpstreamResponseError } from '../../errors/index.js';
import type { SseEvent } from '../shared/read-sse.js';
import { type AnthropicUsage, anthropicStreamEventSchema } from './anthropic-api-schemas.js';
import { createAnthropicStreamError } from './anthropic-error.js';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

/** How to convert one upstream stream. */
export interface ConvertAnthropicStreamOptions {
  /** Yield each upstream frame as a `raw` part before the parts derived from it. */
  passthrough: boolean;
  target?: TargetRef;
  /** Turns an error thrown while reading the body (reset, idle timeout, abort) into a gateway error. */
  mapReadError: (error: unknown) => GatewayError;
}

type OpenBlock =
  | { kind: 'text'; id: string }
  | { kind: 'reasoning'; id: string; signature?: string }
  | { kind: 'tool'; id: string; toolName: string; json: string }
  | { kind: 'other' };

const KNOWN_EVENTS: ReadonlySet<string> = new Set([
  'message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop', 'ping', 'error',
]);
/** message_delta fields kept in the finish part's providerMetadata.anthropic. */
const DELTA_METADATA = ['stop_sequence', 'container', 'stop_details'] as const;

/**
 * Anthropic SSE events → canonical stream parts. Never throws for upstream failures: an `error`
 * event, a frame that is not JSON, a stream that ends before `message_stop` and a transport error
 * while reading all end the stream with one `error` part.
 */
export async function* convertAnthropicStream(events: AsyncIterable<SseEvent | SseEvent[]>, options: ConvertAnthropicStreamOptions): AsyncGenerator<StreamPart> {
  yield { type: 'stream-start' };
  const blocks = new Map<number, OpenBlock>();
  let usage: AnthropicUsage | undefined;
  let stopReason: string | undefined;
  const metadata: Record<string, unknown> = {};
  let finished = false;
  try {
    for await (const item of events) for (const event of Array.isArray(item) ? item : [item]) {
      let data: unknown;
      try {
        data = JSON.parse(event.data) as unknown;
      } catch (cause) {
        yield { type: 'error', error: new UpstreamResponseError('Anthropic stream sent an event that is not JSON', { ...target(options), cause }) };
        return;
      }
      const type = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
      if (options.passthrough && type !== 'error') yield { type: 'raw', format: 'anthropic', frame: event.frame };
      // Clients must ignore event types they do not know; so do we.
      if (typeof type !== 'string' || !KNOWN_EVENTS.has(type) || finished) continue;
      // Text deltas are most of a stream: check their few fields by hand instead of the schema.
      if (type === 'content_block_delta') {
        const fast = textDeltaOf(data, blocks);
        if (fast) {
          yield fast;
          continue;
        }
      }
      const parsed = anthropicStreamEventSchema.safeParse(data);
      if (!parsed.success) {
        yield { type: 'error', error: new UpstreamResponseError(`Anthropic stream sent a malformed ${type} event`, target(options)) };
        return;
      }
      const streamEvent = parsed.data;
      switch (streamEvent.type) {
        case 'message_start':
          usage = streamEvent.message.usage ?? undefined;
          yield {
            type: 'response-metadata',
            ...(streamEvent.message.id ? { id: streamEvent.message.id } : {}),
            ...(streamEvent.message.model ? { modelId: streamEvent.message.model } : {}),
            ...(usage ? { usage: convertAnthropicUsage(usage) } : {}),
          };
          break;
        case 'content_block_start': {
          const block = streamEvent.content_block;
          const id = String(streamEvent.index);
          if (block.type === 'text') {
            blocks.set(streamEvent.index, { kind: 'text', id });
            yield { type: 'text-start', id };
            if (block.text) yield { type: 'text-delta', id, delta: block.text };
          } else if (block.type === 'thinking') {
            blocks.set(streamEvent.index, { kind: 'reasoning', id, ...(block.signature ? { signature: block.signature } : {}) });
            yield { type: 'reasoning-start', id };
            if (block.thinking) yield { type: 'reasoning-delta', id, delta: block.thinking };
          } else if (block.type === 'redacted_thinking') {
            blocks.set(streamEvent.index, { kind: 'reasoning', id });
            yield { type: 'reasoning-start', id, redactedData: block.data ?? '' };
          } else if (block.type === 'tool_use') {
            const toolId = block.id ?? id;
            const toolName = block.name ?? '';
            blocks.set(streamEvent.index, { kind: 'tool', id: toolId, toolName, json: '' });
            yield { type: 'tool-input-start', id: toolId, toolName };
          } else {
            // server_tool_use, web_search_tool_result, ...: no canonical part (passthrough has the frames).
            blocks.set(streamEvent.index, { kind: 'other' });
          }
          break;
        }
        case 'content_block_delta': {
          const block = blocks.get(streamEvent.index);
          const delta = streamEvent.delta;
          if (!block || block.kind === 'other') break;
          if (delta.type === 'text_delta' && block.kind === 'text') {
            yield { type: 'text-delta', id: block.id, delta: delta.text ?? '' };
          } else if (delta.type === 'thinking_delta' && block.kind === 'reasoning') {
            yield { type: 'reasoning-delta', id: block.id, delta: delta.thinking ?? '' };
          } else if (delta.type === 'signature_delta' && block.kind === 'reasoning') {
            block.signature = delta.signature ?? undefined;
          } else if (delta.type === 'input_json_delta' && block.kind === 'tool') {
            const fragment = delta.partial_json ?? '';
            block.json += fragment;
            if (fragment !== '') yield { type: 'tool-input-delta', id: block.id, delta: fragment };
          }
          break;
        }
        case 'content_block_stop': {
          const block = blocks.get(streamEvent.index);
          blocks.delete(streamEvent.index);
          if (block?.kind === 'text') {
            yield { type: 'text-end', id: block.id };
          } else if (block?.kind === 'reasoning') {
            yield { type: 'reasoning-end', id: block.id, ...(block.signature ? { signature: block.signature } : {}) };
          } else if (block?.kind === 'tool') {
            yield { type: 'tool-input-end', id: block.id };
            yield { type: 'tool-call', toolCallId: block.id, toolName: block.toolName, input: block.json === '' ? '{}' : block.json };
          }
          break;
        }
        case 'message_delta': {
          stopReason = streamEvent.delta?.stop_reason ?? stopReason;
          const delta = (streamEvent.delta ?? {}) as Record<string, unknown>;
          for (const field of DELTA_METADATA) {
            if (delta[field] !== null && delta[field] !== undefined) metadata[field] = delta[field];
          }
          usage = mergeAnthropicUsage(usage, streamEvent.usage);
          break;
        }
        case 'message_stop':
          finished = true;
          yield {
            type: 'finish',
            finishReason: mapAnthropicFinishReason(stopReason),
            usage: convertAnthropicUsage(usage),
            ...(Object.keys(metadata).length > 0 ? { providerMetadata: { anthropic: metadata } } : {}),
          };
          break;
        case 'error':
          yield { type: 'error', error: createAnthropicStreamError(streamEvent.error, options.target) };
          return;
        case 'ping':
          break;
      }
    }
  } catch (error) {
    yield { type: 'error', error: options.mapReadError(error) };
    return;
  }
  if (!finished) {
    yield { type: 'error', error: new UpstreamResponseError('Anthropic stream ended before message_stop', target(options)) };
  }
}

function target(options: ConvertAnthropicStreamOptions): { target?: TargetRef } {
  return options.target ? { target: options.target } : {};
}

/** A `text_delta` into an open text block, read without the schema; undefined for anything else. */
function textDeltaOf(data: unknown, blocks: ReadonlyMap<number, OpenBlock>): StreamPart | undefined {
  const { index, delta } = data as { index?: unknown; delta?: { type?: unknown; text?: unknown } };
  if (typeof index !== 'number' || typeof delta !== 'object' || delta === null || delta.type !== 'text_delta' || typeof delta.text !== 'string') return undefined;
  const block = blocks.get(index);
  return block?.kind === 'text' ? { type: 'text-delta', id: block.id, delta: delta.text } : undefined;
}
