import type { StreamPart } from '../../canonical/index.js';
import { GatewayError, UpstreamResponseError } from '../../errors/index.js';
import type { RenderContext, StreamRenderer } from '../inbound-protocol.js';
import { customToolCallItem, customToolInput, functionCallItem, messageItem, newItemId, outputText, reasoningItem } from './output-items.js';
import { customToolNames } from './parse-tools.js';
import { responsesErrorObject } from './render-error.js';
import { buildResponseObject, toResponsesUsage, toResponseStatus } from './response-object.js';
import { toResponseId } from './response-ids.js';
import { RESPONSES_FORMAT } from './responses-format.js';

/** The output item being written; at most one is open at a time, as the API streams them. */
type OpenItem =
  | { kind: 'message'; id: string; outputIndex: number; text: string; partOpen: boolean }
  | { kind: 'reasoning'; id: string; outputIndex: number; text: string; partOpen: boolean; sourceId: string }
  | { kind: 'call'; id: string; outputIndex: number; text: string; custom: boolean; callId: string; name: string };

/**
 * Canonical stream parts → Responses API SSE, in the API's order with a `sequence_number` on
 * every event: `response.created`, `response.in_progress`, then per output item
 * `response.output_item.added`, its content events (`content_part.added`, `output_text.delta`…,
 * `output_text.done`, `content_part.done`; or `function_call_arguments.delta`/`.done`; or
 * `reasoning_summary_part.added`, `reasoning_summary_text.delta`/`.done`, `reasoning_summary_part.done`),
 * `response.output_item.done`; and last `response.completed` or `response.incomplete`. A failure
 * after the start is an `error` event followed by `response.failed`.
 *
 * - Text runs that follow one another share one message item and one output_text part: a stream
 *   continued on another target after a cut goes on in the same part,
 *   so the client sees one answer. The final `response` names the model that finished it.
 * - Passthrough (parts written with `passthrough` true): `raw` frames of a Responses API provider are written verbatim; the parts derived
 *   from them are not rendered again. A continuation after them (another target) is rendered with
 *   sequence numbers and output indexes that follow on.
 * - A custom tool's call (see parse-tools.ts) is a `custom_tool_call` item whose input is sent
 *   whole when the call is complete (its JSON-wrapped argument deltas are not the raw text).
 */
export function createResponsesStreamRenderer(context: RenderContext): StreamRenderer {
  const customTools = customToolNames(context.request.tools);
  let sequence = 0;
  let started = false;
  let ended = false;
  let continued = false;
  let passthrough = false;
  let responseId: string | undefined;
  let model = context.requestedModel;
  const createdAt = Math.floor(Date.now() / 1000);
  const output: Array<Record<string, unknown>> = [];
  let open: OpenItem | undefined;
  /** Tool calls by canonical id, so `tool-call` after a streamed run closes the right item. */
  const calls = new Map<string, Extract<OpenItem, { kind: 'call' }>>();
  const finishedCalls = new Set<string>();

  function event(type: string, data: Record<string, unknown>): string {
    return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`;
  }

  function snapshot(status: 'in_progress' | 'completed' | 'incomplete' | 'failed', extra: Partial<Parameters<typeof buildResponseObject>[0]> = {}): Record<string, unknown> {
    responseId ??= toResponseId(undefined);
    return buildResponseObject({ id: responseId, createdAt, model, status, output: status === 'in_progress' ? [] : [...output], usage: null, ...extra }, context);
  }

  function start(): string {
    if (started) return '';
    started = true;
    return event('response.created', { response: snapshot('in_progress') }) + event('response.in_progress', { response: snapshot('in_progress') });
  }

  function closeOpen(): string {
    const item = open;
    if (!item) return '';
    open = undefined;
    let text = '';
    let done: Record<string, unknown>;
    const place = { item_id: item.id, output_index: item.outputIndex };
    if (item.kind === 'message') {
      if (item.partOpen) {
        text += event('response.output_text.done', { ...place, content_index: 0, text: item.text, logprobs: [] });
        text += event('response.content_part.done', { ...place, content_index: 0, part: outputText(item.text) });
      }
      done = messageItem(item.id, 'completed', item.partOpen ? [item.text] : []);
    } else if (item.kind === 'reasoning') {
      if (item.partOpen) {
        text += event('response.reasoning_summary_text.done', { ...place, summary_index: 0, text: item.text });
        text += event('response.reasoning_summary_part.done', { ...place, summary_index: 0, part: { type: 'summary_text', text: item.text } });
      }
      done = reasoningItem(item.id, item.partOpen ? [item.text] : []);
    } else if (item.custom) {
      const input = customToolInput(item.text);
      text += event('response.custom_tool_call_input.delta', { ...place, delta: input });
      text += event('response.custom_tool_call_input.done', { ...place, input });
      done = customToolCallItem(item.id, 'completed', item.callId, item.name, input);
      finishedCalls.add(item.callId);
    } else {
      const argumentsText = item.text === '' ? '{}' : item.text;
      text += event('response.function_call_arguments.done', { ...place, name: item.name, arguments: argumentsText });
      done = functionCallItem(item.id, 'completed', item.callId, item.name, argumentsText);
      finishedCalls.add(item.callId);
    }
    output[item.outputIndex] = done;
    return text + event('response.output_item.done', { output_index: item.outputIndex, item: done });
  }

  function openItem(item: OpenItem, added: Record<string, unknown>): string {
    const text = start() + closeOpen();
    output[item.outputIndex] = added;
    open = item;
    return text + event('response.output_item.added', { output_index: item.outputIndex, item: added });
  }

  function textDelta(delta: string): string {
    let text = '';
    if (open?.kind !== 'message') {
      const id = newItemId('msg');
      text += openItem({ kind: 'message', id, outputIndex: output.length, text: '', partOpen: false }, messageItem(id, 'in_progress', []));
    }
    const item = open as Extract<OpenItem, { kind: 'message' }>;
    const place = { item_id: item.id, output_index: item.outputIndex, content_index: 0 };
    if (!item.partOpen) {
      item.partOpen = true;
      text += event('response.content_part.added', { ...place, part: outputText('') });
    }
    if (delta === '') return text;
    item.text += delta;
    return text + event('response.output_text.delta', { ...place, delta, logprobs: [] });
  }

  function reasoningDelta(sourceId: string, delta: string): string {
    let text = '';
    if (open?.kind !== 'reasoning' || open.sourceId !== sourceId) {
      const id = newItemId('rs');
      text += openItem({ kind: 'reasoning', id, outputIndex: output.length, text: '', partOpen: false, sourceId }, reasoningItem(id, []));
    }
    const item = open as Extract<OpenItem, { kind: 'reasoning' }>;
    if (delta === '') return text;
    const place = { item_id: item.id, output_index: item.outputIndex, summary_index: 0 };
    if (!item.partOpen) {
      item.partOpen = true;
      text += event('response.reasoning_summary_part.added', { ...place, part: { type: 'summary_text', text: '' } });
    }
    item.text += delta;
    return text + event('response.reasoning_summary_text.delta', { ...place, delta });
  }

  function callStart(callId: string, name: string): string {
    const custom = customTools.has(name);
    const id = newItemId(custom ? 'ctc' : 'fc');
    const item: OpenItem = { kind: 'call', id, outputIndex: output.length, text: '', custom, callId, name };
    calls.set(callId, item);
    return openItem(item, custom ? customToolCallItem(id, 'in_progress', callId, name, '') : functionCallItem(id, 'in_progress', callId, name, ''));
  }

  function callDelta(callId: string, delta: string): string {
    const item = calls.get(callId);
    if (!item || delta === '' || finishedCalls.has(callId)) return '';
    item.text += delta;
    if (item.custom) return '';
    return event('response.function_call_arguments.delta', { item_id: item.id, output_index: item.outputIndex, delta });
  }

  function finish(part: Extract<StreamPart, { type: 'finish' }>): string {
    const text = start() + closeOpen();
    ended = true;
    const { status, incomplete_details } = toResponseStatus(part.finishReason);
    const response = snapshot(status, { usage: toResponsesUsage(part.usage), incompleteDetails: incomplete_details });
    return text + event(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
  }

  function fail(error: GatewayError): string {
    if (ended) return '';
    const text = start();
    ended = true;
    const object = responsesErrorObject(error);
    const code = object.code ?? object.type;
    return (
      text +
      event('error', { code, message: object.message, param: object.param }) +
      event('response.failed', { response: snapshot('failed', { error: { code, message: object.message } }) })
    );
  }

  /**
   * A frame of a Responses API provider, passed through verbatim. What the renderer must know to
   * carry on after it (a continuation, or a failure) is read from it: the last sequence number, the
   * output items done (for the final response), whether the response is complete.
   */
  function writeRaw(frame: string): string {
    if (continued) return '';
    passthrough = true;
    started = true;
    const data = readFrameData(frame);
    if (typeof data?.sequence_number === 'number') sequence = Math.max(sequence, data.sequence_number + 1);
    const outputIndex = typeof data?.output_index === 'number' ? data.output_index : undefined;
    const item = typeof data?.item === 'object' && data.item !== null ? (data.item as Record<string, unknown>) : undefined;
    switch (data?.type) {
      case 'response.output_item.added':
        // Added items hold their place too: a continuation after a cut item must not reuse its index.
        if (outputIndex === undefined || !item) break;
        output[outputIndex] = item;
        // An open message is where a continuation's text goes on.
        open = item.type === 'message' ? { kind: 'message', id: String(item.id), outputIndex, text: '', partOpen: false } : undefined;
        break;
      case 'response.content_part.added':
        if (open?.kind === 'message' && open.outputIndex === outputIndex) open.partOpen = true;
        break;
      case 'response.output_text.delta':
        if (open?.kind === 'message' && open.outputIndex === outputIndex && typeof data.delta === 'string') open.text += data.delta;
        break;
      case 'response.output_item.done':
        if (outputIndex === undefined || !item) break;
        output[outputIndex] = item;
        if (open?.outputIndex === outputIndex) open = undefined;
        break;
      case 'response.completed':
      case 'response.incomplete':
        ended = true;
        break;
      default:
        break;
    }
    return frame;
  }

  function write(part: StreamPart, passthroughStream: boolean): string {
    if (ended) return '';
    // A continuation on another target after passed-through frames: rendered from here on.
    if (passthrough && !passthroughStream) {
      passthrough = false;
      continued = true;
    }
    if (part.type === 'raw') return passthroughStream && part.format === RESPONSES_FORMAT ? writeRaw(part.frame) : '';
    if (passthrough && part.type !== 'stream-start' && part.type !== 'error') {
      // The frame this part came from is already out; only identity is kept for a later failure.
      if (part.type === 'response-metadata') {
        if (part.id !== undefined) responseId ??= part.id;
        if (part.modelId !== undefined) model = part.modelId;
      }
      if (part.type === 'finish') ended = true;
      return '';
    }
    switch (part.type) {
      case 'stream-start':
        return '';
      case 'response-metadata':
        // Each attempt says who it is once, first: a continuation's names the model that finishes.
        if (!started && part.id !== undefined) responseId = toResponseId(part.id);
        if (part.modelId !== undefined) model = part.modelId;
        return start();
      case 'text-start':
        return textDelta('');
      case 'text-delta':
        return textDelta(part.delta);
      case 'reasoning-start':
        // Redacted (encrypted) reasoning has no text to show and no Responses form another provider reads.
        return part.redactedData !== undefined ? '' : reasoningDelta(part.id, '');
      case 'reasoning-delta':
        return reasoningDelta(part.id, part.delta);
      case 'reasoning-end':
        return open?.kind === 'reasoning' && open.sourceId === part.id ? closeOpen() : '';
      case 'tool-input-start':
        return calls.has(part.id) ? '' : callStart(part.id, part.toolName);
      case 'tool-input-delta':
        return callDelta(part.id, part.delta);
      case 'tool-call': {
        if (finishedCalls.has(part.toolCallId)) return '';
        let text = calls.has(part.toolCallId) ? '' : callStart(part.toolCallId, part.toolName) + callDelta(part.toolCallId, part.input);
        const item = calls.get(part.toolCallId)!;
        // The complete input wins over the streamed fragments (they can differ after a repair).
        item.text = part.input;
        if (open === item) text += closeOpen();
        return text;
      }
      case 'finish':
        return finish(part);
      case 'error':
        return fail(part.error instanceof GatewayError ? part.error : new UpstreamResponseError('The server had an error while processing your request.'));
      default:
        // text-end (a continuation may add to the same part), tool-input-end (closed by tool-call).
        return '';
    }
  }

  return { write, fail };
}

/** The JSON of a frame's `data:` line, or undefined. */
function readFrameData(frame: string): Record<string, unknown> | undefined {
  const start = frame.indexOf('data: ');
  if (start < 0) return undefined;
  try {
    const value = JSON.parse(frame.slice(start + 6)) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
