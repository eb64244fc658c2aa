import type { FinishReason, StreamPart } from '../../canonical/index.js';
import { UpstreamResponseError, type TargetRef } from '../../errors/index.js';
import type { AttemptContext } from '../provider-adapter.js';
import { MalformedEventBudget } from '../shared/malformed-event-budget.js';
import { contentBlockDeltaSchema, contentBlockStartSchema, contentBlockStopSchema, messageStopSchema, streamMetadataSchema, type ConverseUsage } from './converse-api-schemas.js';
import { convertConverseUsage } from './convert-converse-usage.js';
import { mapConverseStopReason } from './map-converse-stop-reason.js';
import type { BedrockStreamEvent } from './read-bedrock-event-stream.js';

/** Turns the events of one ConverseStream answer into canonical parts. */
export interface ConverseStreamConverter {
  push(event: BedrockStreamEvent): StreamPart[];
  /** The finish once the byte stream ended after `messageStop`, else an error: the stream was cut. */
  end(): StreamPart[];
  readonly closed: boolean;
}

/** An open content block, by `contentBlockIndex`. */
type OpenBlock =
  | { kind: 'text'; id: string }
  | { kind: 'reasoning'; id: string; signature?: string }
  | { kind: 'tool'; id: string; name: string; input: string };

/**
 * ConverseStream's events are `messageStart`, then per content block `contentBlockStart` (tool
 * calls only), `contentBlockDelta`s and `contentBlockStop`, then `messageStop` with the stop
 * reason and `metadata` with the usage; the finish is emitted on `metadata` (or at the end of
 * the bytes, when a model sends none). A reasoning block's signature comes as its last delta.
 */
export function createConverseStreamConverter(options: { id: string; modelId: string; target?: TargetRef; malformedEvents?: AttemptContext['malformedEvents'] }): ConverseStreamConverter {
  const malformed = new MalformedEventBudget(options.malformedEvents);
  const blocks = new Map<number, OpenBlock>();
  let started = false;
  let closed = false;
  let finishReason: FinishReason | undefined;
  let usage: ConverseUsage | undefined;
  const target = options.target ? { target: options.target } : {};

  function open(parts: StreamPart[], index: number, block: OpenBlock): OpenBlock {
    blocks.set(index, block);
    if (block.kind === 'text') parts.push({ type: 'text-start', id: block.id });
    else if (block.kind === 'reasoning') parts.push({ type: 'reasoning-start', id: block.id });
    else parts.push({ type: 'tool-input-start', id: block.id, toolName: block.name });
    return block;
  }

  function close(parts: StreamPart[], index: number): void {
    const block = blocks.get(index);
    if (!block) return;
    blocks.delete(index);
    if (block.kind === 'text') parts.push({ type: 'text-end', id: block.id });
    else if (block.kind === 'reasoning') parts.push({ type: 'reasoning-end', id: block.id, ...(block.signature ? { signature: block.signature } : {}) });
    else {
      parts.push({ type: 'tool-input-end', id: block.id });
      parts.push({ type: 'tool-call', toolCallId: block.id, toolName: block.name, input: block.input === '' ? '{}' : block.input });
    }
  }

  function finish(parts: StreamPart[]): StreamPart[] {
    for (const index of [...blocks.keys()]) close(parts, index);
    closed = true;
    parts.push({ type: 'finish', finishReason: finishReason!, usage: convertConverseUsage(usage) });
    return parts;
  }

  function fail(parts: StreamPart[], error: unknown): StreamPart[] {
    closed = true;
    parts.push({ type: 'error', error });
    return parts;
  }

  /** The parsed payload, or undefined (skipped within the budget, else the stream fails). */
  function parse<T>(parts: StreamPart[], event: BedrockStreamEvent, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }): T | undefined | 'failed' {
    let json: unknown;
    try {
      json = JSON.parse(event.payload) as unknown;
    } catch {
      json = undefined;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const detail = `a ${event.eventType} event of an unexpected shape`;
    if (malformed.trySkip(detail)) return undefined;
    fail(parts, new UpstreamResponseError(`Bedrock sent ${detail}`, target));
    return 'failed';
  }

  function delta(parts: StreamPart[], event: BedrockStreamEvent): void {
    const value = parse(parts, event, contentBlockDeltaSchema);
    if (value === undefined || value === 'failed') return;
    const index = value.contentBlockIndex;
    const { text, toolUse, reasoningContent } = value.delta;
    let block = blocks.get(index);
    if (typeof text === 'string') {
      if (text === '') return;
      block ??= open(parts, index, { kind: 'text', id: `text-${index}` });
      if (block.kind === 'text') parts.push({ type: 'text-delta', id: block.id, delta: text });
    } else if (toolUse) {
      if (block?.kind !== 'tool') return;
      block.input += toolUse.input;
      if (toolUse.input !== '') parts.push({ type: 'tool-input-delta', id: block.id, delta: toolUse.input });
    } else if (reasoningContent) {
      if (typeof reasoningContent.redactedContent === 'string') {
        // A redacted block arrives whole: its data is the part, no deltas follow.
        if (!block) parts.push({ type: 'reasoning-start', id: `reasoning-${index}`, redactedData: reasoningContent.redactedContent });
        blocks.set(index, { kind: 'reasoning', id: `reasoning-${index}` });
        return;
      }
      block ??= open(parts, index, { kind: 'reasoning', id: `reasoning-${index}` });
      if (block.kind !== 'reasoning') return;
      if (reasoningContent.text) parts.push({ type: 'reasoning-delta', id: block.id, delta: reasoningContent.text });
      if (reasoningContent.signature) block.signature = (block.signature ?? '') + reasoningContent.signature;
    }
  }

  return {
    get closed() {
      return closed;
    },
    push(event) {
      if (closed) return [];
      const parts: StreamPart[] = [];
      if (!started) {
        started = true;
        parts.push({ type: 'stream-start' }, { type: 'response-metadata', id: options.id, modelId: options.modelId });
      }
      switch (event.eventType) {
        case 'contentBlockStart': {
          const value = parse(parts, event, contentBlockStartSchema);
          if (value === undefined || value === 'failed') break;
          const tool = value.start.toolUse;
          if (tool) open(parts, value.contentBlockIndex, { kind: 'tool', id: tool.toolUseId, name: tool.name, input: '' });
          break;
        }
        case 'contentBlockDelta':
          delta(parts, event);
          break;
        case 'contentBlockStop': {
          const value = parse(parts, event, contentBlockStopSchema);
          if (value !== undefined && value !== 'failed') close(parts, value.contentBlockIndex);
          break;
        }
        case 'messageStop': {
          const value = parse(parts, event, messageStopSchema);
          if (value !== undefined && value !== 'failed') finishReason = mapConverseStopReason(value.stopReason);
          break;
        }
        case 'metadata': {
          const value = parse(parts, event, streamMetadataSchema);
          if (value === 'failed') break;
          usage = value?.usage ?? undefined;
          if (finishReason) return finish(parts);
          break;
        }
        default:
          // messageStart, and events AWS may add: nothing to tell the client.
          break;
      }
      return parts;
    },
    end() {
      if (closed) return [];
      const parts: StreamPart[] = [];
      if (!started) {
        started = true;
        parts.push({ type: 'stream-start' });
      }
      if (finishReason) return finish(parts);
      return fail(parts, new UpstreamResponseError('Bedrock ConverseStream ended before messageStop', target));
    },
  };
}
