import type { StreamPart, Usage } from '../../canonical/index.js';
import { GatewayError, UpstreamResponseError } from '../../errors/index.js';
import type { RenderContext, StreamRenderer } from '../inbound-protocol.js';
import { anthropicErrorObject } from './render-error.js';
import { toInputObject } from './render-response.js';
import { toAnthropicMessageId } from './to-anthropic-message-id.js';
import { toAnthropicStopReason } from './to-anthropic-stop-reason.js';
import { toAnthropicUsage } from './to-anthropic-usage.js';

type BlockKind = 'text' | 'thinking' | 'redacted_thinking' | 'tool_use';
interface OpenBlock {
  index: number;
  kind: BlockKind;
}

/** One SSE event in Anthropic's framing: an `event:` line (the SDK skips events without one). */
function sseEvent(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

const PING = 'event: ping\ndata: {"type": "ping"}\n\n';

/**
 * Canonical stream parts → Anthropic SSE text (message_start, content_block_start/delta/stop,
 * ping, message_delta, message_stop).
 *
 * Passthrough: a `raw` anthropic frame that opens the message switches the renderer to writing
 * raw frames verbatim; the canonical parts derived from them then only update the state below.
 * That state (message started? which blocks are open at which index? next index?) lets `fail`
 * end the stream cleanly and lets a continuation from another target (parts written with
 * `passthrough` false after frames) be rendered from canonical parts with indices that follow on.
 */
export function createAnthropicStreamRenderer(context: RenderContext): StreamRenderer {
  let started = false;
  let ended = false;
  let pinged = false;
  let passthrough = false;
  let passthroughAllowed = true;
  let nextIndex = 0;
  /** Index of the last raw content_block_start, claimed by the derived *-start part after it. */
  let rawStartIndex: number | undefined;
  let hasToolCalls = false;
  let metadataId: string | undefined;
  let metadataModel: string | undefined;
  let startUsage: Usage | undefined;
  const openBlocks = new Map<string, OpenBlock>();
  const streamedTools = new Set<string>();

  function messageStart(): string {
    if (started) return '';
    started = true;
    const usage = toAnthropicUsage(startUsage);
    return sseEvent('message_start', {
      message: {
        id: toAnthropicMessageId(metadataId),
        type: 'message',
        role: 'assistant',
        model: metadataModel ?? context.requestedModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 0 },
      },
    });
  }

  function startBlock(id: string, kind: BlockKind, contentBlock: Record<string, unknown>): string {
    if (passthrough) {
      openBlocks.set(id, { index: rawStartIndex ?? nextIndex++, kind });
      rawStartIndex = undefined;
      return '';
    }
    const index = nextIndex++;
    openBlocks.set(id, { index, kind });
    let text = messageStart() + sseEvent('content_block_start', { index, content_block: contentBlock });
    if (!pinged) {
      pinged = true;
      text += PING;
    }
    return text;
  }

  function delta(id: string, body: Record<string, unknown>): string {
    const block = openBlocks.get(id);
    if (!block || passthrough) return '';
    return sseEvent('content_block_delta', { index: block.index, delta: body });
  }

  function stopBlock(id: string, signature?: string): string {
    const block = openBlocks.get(id);
    if (!block) return '';
    openBlocks.delete(id);
    if (passthrough) return '';
    const signatureDelta =
      block.kind === 'thinking' && signature ? sseEvent('content_block_delta', { index: block.index, delta: { type: 'signature_delta', signature } }) : '';
    return signatureDelta + sseEvent('content_block_stop', { index: block.index });
  }

  function writeRaw(frame: string): string {
    if (!passthroughAllowed) return '';
    if (frame.startsWith('event: message_start')) {
      // A message already opened by rendering cannot take a second message_start.
      if (started) {
        passthroughAllowed = false;
        return '';
      }
      started = true;
      passthrough = true;
      return frame;
    }
    if (!passthrough) return '';
    if (frame.startsWith('event: content_block_start')) {
      const index = readIndex(frame);
      if (index !== undefined) {
        rawStartIndex = index;
        nextIndex = Math.max(nextIndex, index + 1);
      }
    } else if (frame.startsWith('event: message_stop')) {
      ended = true;
    }
    return frame;
  }

  function finish(part: Extract<StreamPart, { type: 'finish' }>): string {
    if (passthrough) {
      ended = true;
      return '';
    }
    let text = messageStart();
    for (const id of [...openBlocks.keys()]) text += stopBlock(id);
    const hasInput = Object.values(part.usage.inputTokens).some((count) => count !== undefined);
    const usage = toAnthropicUsage(hasInput ? part.usage : { ...part.usage, inputTokens: startUsage?.inputTokens ?? part.usage.inputTokens });
    const stopSequence = part.providerMetadata?.['anthropic']?.['stop_sequence'];
    text += sseEvent('message_delta', {
      delta: { stop_reason: toAnthropicStopReason(part.finishReason, hasToolCalls), stop_sequence: typeof stopSequence === 'string' ? stopSequence : null },
      usage,
    });
    text += sseEvent('message_stop', {});
    ended = true;
    return text;
  }

  function fail(error: GatewayError): string {
    if (ended) return '';
    ended = true;
    return sseEvent('error', { error: anthropicErrorObject(error) });
  }

  function write(part: StreamPart, passthroughStream: boolean): string {
    if (ended) return '';
    if (passthrough && !passthroughStream) {
      // A continuation on another target after passed-through frames: rendered from here on.
      passthroughAllowed = false;
      passthrough = false;
    }
    switch (part.type) {
      case 'raw':
        return passthroughStream && part.format === 'anthropic' ? writeRaw(part.frame) : '';
      case 'stream-start':
        return '';
      case 'response-metadata':
        if (started) return '';
        metadataId ??= part.id;
        metadataModel ??= part.modelId;
        startUsage ??= part.usage;
        return passthrough ? '' : messageStart();
      case 'text-start':
        return startBlock(part.id, 'text', { type: 'text', text: '' });
      case 'text-delta':
        // Passed-through deltas are already in the client's frames: nothing to build (most parts of a stream).
        if (passthrough && openBlocks.has(part.id)) return '';
        return (openBlocks.has(part.id) ? '' : startBlock(part.id, 'text', { type: 'text', text: '' })) + delta(part.id, { type: 'text_delta', text: part.delta });
      case 'text-end':
        return stopBlock(part.id);
      case 'reasoning-start':
        return part.redactedData !== undefined
          ? startBlock(part.id, 'redacted_thinking', { type: 'redacted_thinking', data: part.redactedData })
          : startBlock(part.id, 'thinking', { type: 'thinking', thinking: '', signature: '' });
      case 'reasoning-delta':
        return (
          (openBlocks.has(part.id) ? '' : startBlock(part.id, 'thinking', { type: 'thinking', thinking: '', signature: '' })) +
          delta(part.id, { type: 'thinking_delta', thinking: part.delta })
        );
      case 'reasoning-end':
        return stopBlock(part.id, part.signature);
      case 'tool-input-start':
        hasToolCalls = true;
        streamedTools.add(part.id);
        return startBlock(part.id, 'tool_use', { type: 'tool_use', id: part.id, name: part.toolName, input: {} });
      case 'tool-input-delta':
        return delta(part.id, { type: 'input_json_delta', partial_json: part.delta });
      case 'tool-input-end':
        return stopBlock(part.id);
      case 'tool-call':
        hasToolCalls = true;
        if (streamedTools.has(part.toolCallId)) return '';
        // A provider that sent the call in one piece: render it as a complete tool_use block.
        streamedTools.add(part.toolCallId);
        return (
          startBlock(part.toolCallId, 'tool_use', { type: 'tool_use', id: part.toolCallId, name: part.toolName, input: {} }) +
          delta(part.toolCallId, { type: 'input_json_delta', partial_json: JSON.stringify(toInputObject(part.input)) }) +
          stopBlock(part.toolCallId)
        );
      case 'finish':
        return finish(part);
      case 'error':
        return fail(part.error instanceof GatewayError ? part.error : new UpstreamResponseError('upstream stream failed', { cause: part.error }));
      default:
        return '';
    }
  }

  return { write, fail };
}

/** The `index` of a raw content_block_start frame (one `data:` line of JSON). */
function readIndex(frame: string): number | undefined {
  const dataStart = frame.indexOf('\ndata: ');
  if (dataStart < 0) return undefined;
  try {
    const data = JSON.parse(frame.slice(dataStart + 7)) as { index?: unknown };
    return typeof data.index === 'number' ? data.index : undefined;
  } catch {
    return undefined;
  }
}
