import type { ProviderMetadata, StreamPart } from '../../canonical/index.js';
import type { TargetRef } from '../../errors/index.js';
import { createJsonFrameConverter, type FrameStream, type JsonFrameConverter } from '../shared/json-frame-converter.js';
import type { AttemptContext } from '../provider-adapter.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import type { OpenAIChunk, OpenAIUsage } from './openai-api-schemas.js';
import { readChunk } from './openai-shapes.js';
import { createOpenAIStreamError } from './openai-error.js';

/** Turns the `data:` payloads of one Chat Completions (or Responses API) stream into canonical stream parts. */
export type OpenAIStreamConverter = JsonFrameConverter;

interface ToolCallState {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Creates a converter for one stream. Text (and refusal) deltas form text runs; tool calls are
 * tracked by `index`: `tool-input-start` when a new index appears, `tool-input-delta` per
 * argument fragment, `tool-input-end` + `tool-call` when the next call or the text starts or
 * at the finish. The finish part waits for `[DONE]` (or the end of the stream after a
 * finish_reason) so the usage chunk that follows the finish chunk is included. A payload that is
 * not JSON or not a chunk is skipped while `malformedEvents` allows (see MalformedEventBudget).
 */
export function createOpenAIStreamConverter(options: { target?: TargetRef; malformedEvents?: AttemptContext['malformedEvents'] } = {}): OpenAIStreamConverter {
  let metadataSent = false;
  let textRunId: string | undefined;
  let textRuns = 0;
  const toolCalls = new Map<number, ToolCallState>();
  let openToolIndex: number | undefined;
  let finishReason: string | undefined;
  let sawFinishReason = false;
  let isRefusal = false;
  let usage: OpenAIUsage | undefined;
  const metadata: Record<string, unknown> = {};

  function closeText(parts: StreamPart[]): void {
    if (textRunId === undefined) return;
    parts.push({ type: 'text-end', id: textRunId });
    textRunId = undefined;
  }

  function closeTool(parts: StreamPart[]): void {
    if (openToolIndex === undefined) return;
    const call = toolCalls.get(openToolIndex)!;
    openToolIndex = undefined;
    parts.push({ type: 'tool-input-end', id: call.id });
    parts.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, input: call.arguments });
  }

  function appendText(parts: StreamPart[], delta: string): void {
    if (delta === '') return;
    if (textRunId === undefined) {
      closeTool(parts);
      textRunId = `text-${textRuns++}`;
      parts.push({ type: 'text-start', id: textRunId });
    }
    parts.push({ type: 'text-delta', id: textRunId, delta });
  }

  function finish(parts: StreamPart[], stream: FrameStream): StreamPart[] {
    closeText(parts);
    closeTool(parts);
    stream.close();
    const providerMetadata: ProviderMetadata | undefined = Object.keys(metadata).length > 0 ? { openai: { ...metadata } } : undefined;
    parts.push({
      type: 'finish',
      finishReason: mapOpenAIFinishReason(finishReason, { hasToolCalls: toolCalls.size > 0, isRefusal }),
      usage: convertOpenAIUsage(usage),
      ...(providerMetadata ? { providerMetadata } : {}),
    });
    return parts;
  }


  function applyChunk(parts: StreamPart[], chunk: OpenAIChunk): void {
    if (!metadataSent && (chunk.id || chunk.model)) {
      metadataSent = true;
      parts.push({ type: 'response-metadata', ...(chunk.id ? { id: chunk.id } : {}), ...(chunk.model ? { modelId: chunk.model } : {}) });
    }
    if (chunk.created !== undefined && chunk.created !== null) metadata.created = chunk.created;
    if (chunk.service_tier) metadata.service_tier = chunk.service_tier;
    if (chunk.system_fingerprint) metadata.system_fingerprint = chunk.system_fingerprint;
    if (chunk.usage) usage = chunk.usage;

    // n > 1 is not representable in the canonical stream: only the first choice is followed.
    const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
    if (!choice) return;
    const delta = choice.delta;
    if (delta?.content) appendText(parts, delta.content);
    if (delta?.refusal) {
      isRefusal = true;
      appendText(parts, delta.refusal);
    }
    for (const [position, call] of (delta?.tool_calls ?? []).entries()) {
      const index = call.index ?? position;
      let state = toolCalls.get(index);
      if (!state) {
        closeText(parts);
        closeTool(parts);
        state = { id: call.id ?? `call_${index}`, name: call.function?.name ?? '', arguments: '' };
        toolCalls.set(index, state);
        openToolIndex = index;
        parts.push({ type: 'tool-input-start', id: state.id, toolName: state.name });
      }
      const fragment = call.function?.arguments;
      if (fragment) {
        state.arguments += fragment;
        parts.push({ type: 'tool-input-delta', id: state.id, delta: fragment });
      }
    }
    if (choice.finish_reason) {
      sawFinishReason = true;
      finishReason = choice.finish_reason;
      closeText(parts);
      closeTool(parts);
    }
  }

  return createJsonFrameConverter({
    sender: 'provider',
    target: options.target,
    malformedEvents: options.malformedEvents,
    readText: (parts, data, stream) => (data.trim() === '[DONE]' ? finish(parts, stream) : undefined),
    readJson(parts, json, stream) {
      if (json !== null && typeof json === 'object' && 'error' in json && (json as { error?: unknown }).error) {
        return stream.fail(parts, createOpenAIStreamError((json as { error: unknown }).error, options.target));
      }
      // Content deltas are most of a stream: once the response is identified, take them by hand.
      const content = metadataSent ? plainContentDelta(json) : undefined;
      if (content !== undefined) {
        appendText(parts, content);
        return parts;
      }
      const chunk = readChunk(json);
      if (!chunk) return stream.unexpected(parts, 'a stream chunk of an unexpected shape');
      applyChunk(parts, chunk);
      return parts;
    },
    end(parts, stream) {
      // Some compatible servers close the stream after the finish chunk without [DONE].
      if (sawFinishReason) return finish(parts, stream);
      return stream.fail(parts, stream.responseError('stream ended early'));
    },
  });
}

/**
 * The text of a chunk that carries nothing but a content delta for choice 0 (no finish reason,
 * usage, refusal or tool calls); undefined for any other chunk, which then takes the schema path.
 */
function plainContentDelta(json: unknown): string | undefined {
  const chunk = json as { choices?: unknown; usage?: unknown };
  if (!Array.isArray(chunk.choices) || chunk.choices.length !== 1 || (chunk.usage !== undefined && chunk.usage !== null)) return undefined;
  const choice = chunk.choices[0] as { index?: unknown; delta?: Record<string, unknown>; finish_reason?: unknown };
  if ((choice.index ?? 0) !== 0 || choice.finish_reason != null || typeof choice.delta !== 'object' || choice.delta === null) return undefined;
  const delta = choice.delta;
  if (typeof delta.content !== 'string' || delta.refusal != null || delta.tool_calls != null) return undefined;
  return delta.content;
}
