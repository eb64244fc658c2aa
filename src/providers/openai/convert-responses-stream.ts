import type { StreamPart } from '../../canonical/index.js';
import type { TargetRef } from '../../errors/index.js';
import type { AttemptContext } from '../provider-adapter.js';
import { createJsonFrameConverter } from '../shared/json-frame-converter.js';
import { convertResponsesUsage, responsesFinishReason } from './convert-responses-response.js';
import { createOpenAIStreamError } from './openai-error.js';
import type { OpenAIStreamConverter } from './convert-openai-stream.js';
import { responsesStreamEventSchema, type ResponsesOutputItem } from './responses-api-schemas.js';

/** The canonical run an open output item feeds. */
type OpenRun = { kind: 'text'; id: string } | { kind: 'reasoning'; id: string } | { kind: 'call'; id: string; name: string; custom: boolean; input: string };

/**
 * Responses API stream events (`data:` JSON with a `type`) → canonical parts, with the same
 * contract as the Chat Completions converter: `closed` after `response.completed` /
 * `response.incomplete` (a `finish`) or `response.failed` / `error` (an `error` part).
 * Message items are text runs, function and custom tool calls tool-input runs keyed by `call_id`,
 * reasoning items reasoning runs from their summary text; hosted-tool items give no parts (the
 * client sees them in the passed-through frames).
 */
export function createResponsesStreamConverter(options: { target?: TargetRef; malformedEvents?: AttemptContext['malformedEvents'] } = {}): OpenAIStreamConverter {
  const runs = new Map<number, OpenRun>();
  let hasToolCalls = false;

  function open(parts: StreamPart[], index: number, item: ResponsesOutputItem): void {
    if (item.type === 'message') {
      runs.set(index, { kind: 'text', id: item.id ?? `msg_${index}` });
      parts.push({ type: 'text-start', id: item.id ?? `msg_${index}` });
    } else if (item.type === 'reasoning') {
      runs.set(index, { kind: 'reasoning', id: item.id ?? `rs_${index}` });
      parts.push({ type: 'reasoning-start', id: item.id ?? `rs_${index}` });
    } else if (item.type === 'function_call' || item.type === 'custom_tool_call') {
      const run: OpenRun = { kind: 'call', id: item.call_id ?? item.id ?? `call_${index}`, name: item.name ?? '', custom: item.type === 'custom_tool_call', input: '' };
      runs.set(index, run);
      hasToolCalls = true;
      parts.push({ type: 'tool-input-start', id: run.id, toolName: run.name });
    }
  }

  function close(parts: StreamPart[], index: number, item: ResponsesOutputItem | null | undefined): void {
    const run = runs.get(index);
    if (!run) return;
    runs.delete(index);
    if (run.kind === 'text') parts.push({ type: 'text-end', id: run.id });
    else if (run.kind === 'reasoning') parts.push({ type: 'reasoning-end', id: run.id });
    else {
      const input = run.custom ? JSON.stringify({ input: item?.input ?? run.input }) : (item?.arguments ?? run.input);
      parts.push({ type: 'tool-input-end', id: run.id }, { type: 'tool-call', toolCallId: run.id, toolName: run.name, input });
    }
  }

  function delta(parts: StreamPart[], index: number, text: string): void {
    const run = runs.get(index);
    if (!run || text === '') return;
    if (run.kind === 'text') parts.push({ type: 'text-delta', id: run.id, delta: text });
    else if (run.kind === 'reasoning') parts.push({ type: 'reasoning-delta', id: run.id, delta: text });
    else if (run.custom) run.input += text;
    else {
      run.input += text;
      parts.push({ type: 'tool-input-delta', id: run.id, delta: text });
    }
  }

  return createJsonFrameConverter({
    sender: 'provider',
    target: options.target,
    malformedEvents: options.malformedEvents,
    readJson(parts, json, stream) {
      const parsed = responsesStreamEventSchema.safeParse(json);
      if (!parsed.success) return stream.unexpected(parts, 'a stream event of an unexpected shape');
      const event = parsed.data;
      const index = event.output_index ?? 0;
      switch (event.type) {
        case 'response.created':
          parts.push({ type: 'response-metadata', ...(event.response?.id ? { id: event.response.id } : {}), ...(event.response?.model ? { modelId: event.response.model } : {}) });
          break;
        case 'response.output_item.added':
          if (event.item) open(parts, index, event.item);
          break;
        case 'response.output_text.delta':
        case 'response.refusal.delta':
        case 'response.reasoning_summary_text.delta':
        case 'response.function_call_arguments.delta':
        case 'response.custom_tool_call_input.delta':
          delta(parts, index, event.delta ?? '');
          break;
        case 'response.output_item.done':
          close(parts, index, event.item);
          break;
        case 'response.completed':
        case 'response.incomplete': {
          for (const open of [...runs.keys()]) close(parts, open, undefined);
          stream.close();
          const response = event.response;
          parts.push({ type: 'finish', finishReason: responsesFinishReason(response?.status ?? event.type.slice('response.'.length), response?.incomplete_details?.reason, hasToolCalls), usage: convertResponsesUsage(response?.usage) });
          break;
        }
        case 'response.failed':
          return stream.fail(parts, createOpenAIStreamError({ type: event.response?.error?.code, code: event.response?.error?.code, message: event.response?.error?.message }, options.target));
        case 'error':
          return stream.fail(parts, createOpenAIStreamError({ type: event.code, code: event.code, message: event.message }, options.target));
        default:
          break;
      }
      return parts;
    },
    end(parts, stream) {
      return stream.fail(parts, stream.responseError('stream ended early'));
    },
  });
}
