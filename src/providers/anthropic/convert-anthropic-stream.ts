import type { StreamPart } from '../../canonical/index.js';
import { type GatewayError, type TargetRef, UpstreamResponseError } from '../../errors/index.js';
import type { AttemptContext } from '../provider-adapter.js';
import { convertEventBatches, type EventConverter } from '../shared/convert-event-batches.js';
import { MalformedEventBudget } from '../shared/malformed-event-budget.js';
import type { SseEvent } from '../shared/read-sse.js';
import type { AnthropicUsage } from './anthropic-api-schemas.js';
import { createAnthropicStreamError } from './anthropic-error.js';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { readStreamEvent } from './read-stream-event.js';

/** How to convert one upstream stream. */
export interface ConvertAnthropicStreamOptions {
  /** Yield each upstream frame as a `raw` part before the parts derived from it. */
  passthrough: boolean;
  target?: TargetRef;
  /** Turns an error thrown while reading the body (reset, idle timeout, abort) into a gateway error. */
  mapReadError: (error: unknown) => GatewayError;
  /**
   * Drops the upstream connection. When given, the stream ends for the consumer at message_stop and
   * the rest of the body is drained in the background (see drainAfterEnd); without it the body is
   * read to its end first.
   */
  abandon?: () => void;
  /** Malformed events skipped before the stream fails (see MalformedEventBudget); none when unset. */
  malformedEvents?: AttemptContext['malformedEvents'];
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
 * Anthropic SSE events → canonical stream parts, one array per upstream read (an async step per
 * part was most of a passthrough stream's cost). Never throws: an `error` event, a stream that
 * ends before `message_stop` and a transport error while reading all end the stream with one
 * `error` part (upstream errors), and so does a malformed event (not JSON, or a known type of the
 * wrong shape) past `malformedEvents`; below it the event is skipped, its raw frame dropped too. A
 * fault in the conversion itself ends it with a LifelineError, never held against the provider.
 * (The adapter reads its HTTP body with readBodyBatches and {@link createAnthropicEventConverter}
 * directly; this async form serves Bedrock's event stream.)
 */
export function convertAnthropicStream(batches: AsyncGenerator<SseEvent[]>, options: ConvertAnthropicStreamOptions): AsyncGenerator<StreamPart[]> {
  return convertEventBatches(batches, createAnthropicEventConverter(options), {
    mapReadError: options.mapReadError,
    drainAfterClose: options.abandon ? { abandon: options.abandon } : undefined,
  });
}

/**
 * The conversion of one Anthropic stream, one event at a time (see {@link convertAnthropicStream}
 * for what it makes of each): `stream-start` opens its first parts, it closes at `message_stop`
 * (finished: the rest of the body may be drained) or at its first `error` part (failed: cut).
 */
export function createAnthropicEventConverter(options: ConvertAnthropicStreamOptions): EventConverter<SseEvent> {
  const state: ConverterState = {
    blocks: new Map(),
    usage: undefined,
    stopReason: undefined,
    metadata: {},
    finished: false,
    failed: false,
    malformed: new MalformedEventBudget(options.malformedEvents),
  };
  let started = false;
  /** A fresh array for one event's parts, opened by `stream-start` on the stream's first. */
  const begin = (): StreamPart[] => {
    if (started) return [];
    started = true;
    return [{ type: 'stream-start' }];
  };
  return {
    push(event) {
      const parts = begin();
      // After message_stop (or a failure) nothing the provider sends means anything.
      if (!state.finished && !state.failed) pushEvent(event, state, parts, options);
      return parts;
    },
    end() {
      const parts = begin();
      if (!state.finished && !state.failed) {
        state.failed = true;
        parts.push({ type: 'error', error: new UpstreamResponseError('Anthropic stream ended before message_stop', target(options)) });
      }
      return parts;
    },
    get closed() {
      return state.finished || state.failed;
    },
    get failed() {
      return state.failed;
    },
  };
}

interface ConverterState {
  blocks: Map<number, OpenBlock>;
  usage: AnthropicUsage | undefined;
  stopReason: string | undefined;
  metadata: Record<string, unknown>;
  finished: boolean;
  /** An error part went out: nothing follows it. */
  failed: boolean;
  malformed: MalformedEventBudget;
}

/** Appends the parts of one event to `parts`; false once the stream has failed. */
function pushEvent(event: SseEvent, state: ConverterState, parts: StreamPart[], options: ConvertAnthropicStreamOptions): boolean {
  const fail = (error: GatewayError) => {
    parts.push({ type: 'error', error });
    state.failed = true;
    return false;
  };
  let data: unknown;
  try {
    data = JSON.parse(event.data) as unknown;
  } catch (cause) {
    if (state.malformed.trySkip('an event that is not JSON')) return true;
    return fail(new UpstreamResponseError('Anthropic stream sent an event that is not JSON', { ...target(options), cause }));
  }
  const type = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
  const rawAt = parts.length;
  if (options.passthrough && type !== 'error') parts.push({ type: 'raw', format: 'anthropic', frame: event.frame });
  // Clients must ignore event types they do not know; so do we.
  if (typeof type !== 'string' || !KNOWN_EVENTS.has(type) || state.finished) return true;
  // Text deltas are most of a stream: the fewest checks that make them safe.
  if (type === 'content_block_delta' && pushTextDelta(data, state.blocks, parts)) return true;
  const streamEvent = readStreamEvent(data);
  if (!streamEvent) {
    // An error event stays an error even when it is malformed.
    if (type !== 'error' && state.malformed.trySkip(`a malformed ${type} event`)) {
      // Its raw frame goes too: a client's parser would choke on it as well.
      parts.length = rawAt;
      return true;
    }
    return fail(new UpstreamResponseError(`Anthropic stream sent a malformed ${type} event`, target(options)));
  }
  switch (streamEvent.type) {
    case 'message_start':
      state.usage = streamEvent.message.usage ?? undefined;
      parts.push({
        type: 'response-metadata',
        ...(streamEvent.message.id ? { id: streamEvent.message.id } : {}),
        ...(streamEvent.message.model ? { modelId: streamEvent.message.model } : {}),
        ...(state.usage ? { usage: convertAnthropicUsage(state.usage) } : {}),
      });
      break;
    case 'content_block_start': {
      const block = streamEvent.content_block;
      const id = String(streamEvent.index);
      if (block.type === 'text') {
        state.blocks.set(streamEvent.index, { kind: 'text', id });
        parts.push({ type: 'text-start', id });
        if (block.text) parts.push({ type: 'text-delta', id, delta: block.text });
      } else if (block.type === 'thinking') {
        state.blocks.set(streamEvent.index, { kind: 'reasoning', id, ...(block.signature ? { signature: block.signature } : {}) });
        parts.push({ type: 'reasoning-start', id });
        if (block.thinking) parts.push({ type: 'reasoning-delta', id, delta: block.thinking });
      } else if (block.type === 'redacted_thinking') {
        state.blocks.set(streamEvent.index, { kind: 'reasoning', id });
        parts.push({ type: 'reasoning-start', id, redactedData: block.data ?? '' });
      } else if (block.type === 'tool_use') {
        const toolId = block.id ?? id;
        const toolName = block.name ?? '';
        state.blocks.set(streamEvent.index, { kind: 'tool', id: toolId, toolName, json: '' });
        parts.push({ type: 'tool-input-start', id: toolId, toolName });
      } else {
        // server_tool_use, web_search_tool_result, ...: no canonical part (passthrough has the frames).
        state.blocks.set(streamEvent.index, { kind: 'other' });
      }
      break;
    }
    case 'content_block_delta': {
      const block = state.blocks.get(streamEvent.index);
      const delta = streamEvent.delta;
      if (!block || block.kind === 'other') break;
      if (delta.type === 'text_delta' && block.kind === 'text') {
        parts.push({ type: 'text-delta', id: block.id, delta: delta.text ?? '' });
      } else if (delta.type === 'thinking_delta' && block.kind === 'reasoning') {
        parts.push({ type: 'reasoning-delta', id: block.id, delta: delta.thinking ?? '' });
      } else if (delta.type === 'signature_delta' && block.kind === 'reasoning') {
        block.signature = delta.signature ?? undefined;
      } else if (delta.type === 'input_json_delta' && block.kind === 'tool') {
        const fragment = delta.partial_json ?? '';
        block.json += fragment;
        if (fragment !== '') parts.push({ type: 'tool-input-delta', id: block.id, delta: fragment });
      }
      break;
    }
    case 'content_block_stop':
      pushBlockStop(streamEvent.index, state, parts);
      break;
    case 'message_delta': {
      state.stopReason = streamEvent.delta?.stop_reason ?? state.stopReason;
      const delta = (streamEvent.delta ?? {}) as Record<string, unknown>;
      for (const field of DELTA_METADATA) {
        if (delta[field] !== null && delta[field] !== undefined) state.metadata[field] = delta[field];
      }
      state.usage = mergeAnthropicUsage(state.usage, streamEvent.usage);
      break;
    }
    case 'message_stop':
      state.finished = true;
      parts.push({
        type: 'finish',
        finishReason: mapAnthropicFinishReason(state.stopReason),
        usage: convertAnthropicUsage(state.usage),
        ...(Object.keys(state.metadata).length > 0 ? { providerMetadata: { anthropic: state.metadata } } : {}),
      });
      break;
    case 'error':
      return fail(createAnthropicStreamError(streamEvent.error, options.target));
    case 'ping':
      break;
  }
  return true;
}

function pushBlockStop(index: number, state: ConverterState, parts: StreamPart[]): void {
  const block = state.blocks.get(index);
  state.blocks.delete(index);
  if (block?.kind === 'text') {
    parts.push({ type: 'text-end', id: block.id });
  } else if (block?.kind === 'reasoning') {
    parts.push({ type: 'reasoning-end', id: block.id, ...(block.signature ? { signature: block.signature } : {}) });
  } else if (block?.kind === 'tool') {
    parts.push({ type: 'tool-input-end', id: block.id });
    parts.push({ type: 'tool-call', toolCallId: block.id, toolName: block.toolName, input: block.json === '' ? '{}' : block.json });
  }
}

function target(options: ConvertAnthropicStreamOptions): { target?: TargetRef } {
  return options.target ? { target: options.target } : {};
}

/** Appends a `text_delta` into an open text block, read without the schema; false for anything else. */
function pushTextDelta(data: unknown, blocks: ReadonlyMap<number, OpenBlock>, parts: StreamPart[]): boolean {
  const { index, delta } = data as { index?: unknown; delta?: { type?: unknown; text?: unknown } };
  if (typeof index !== 'number' || typeof delta !== 'object' || delta === null || delta.type !== 'text_delta' || typeof delta.text !== 'string') return false;
  const block = blocks.get(index);
  if (block?.kind !== 'text') return false;
  parts.push({ type: 'text-delta', id: block.id, delta: delta.text });
  return true;
}
