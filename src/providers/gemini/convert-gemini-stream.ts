import type { FinishReason, StreamPart } from '../../canonical/index.js';
import type { TargetRef } from '../../errors/index.js';
import type { AttemptContext } from '../provider-adapter.js';
import { createJsonFrameConverter, type FrameStream, type JsonFrameConverter } from '../shared/json-frame-converter.js';
import { geminiResponseSchema, type GeminiUsage } from './gemini-api-schemas.js';
import { convertGeminiPart, type OnThoughtSignature } from './convert-gemini-response.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import { createGoogleStreamError } from './google-error.js';
import { blockedPromptFinishReason, mapGeminiFinishReason } from './map-gemini-finish-reason.js';

/**
 * Turns the `data:` payloads of one `streamGenerateContent?alt=sse` stream into canonical parts;
 * `end()` gives the finish once the byte stream ended after a finish reason, else an error.
 */
export type GeminiStreamConverter = JsonFrameConverter;

/**
 * Each Gemini chunk is a whole `GenerateContentResponse` holding the next parts: text and thought
 * text arrive as pieces (one run each until the kind changes), a function call arrives whole (its
 * input is one delta). Gemini sends no end marker: the chunk with `finishReason` (and the final
 * `usageMetadata`) is last, and the connection closes.
 */
export function createGeminiStreamConverter(options: { requestedModel: string; target?: TargetRef; malformedEvents?: AttemptContext['malformedEvents']; onThoughtSignature?: OnThoughtSignature }): GeminiStreamConverter {
  let metadataSent = false;
  let open: { kind: 'text' | 'reasoning'; id: string } | undefined;
  let runs = 0;
  let hasToolCalls = false;
  let finishReason: FinishReason | undefined;
  let rawFinish: string | undefined;
  let usage: GeminiUsage | undefined;

  function closeRun(parts: StreamPart[]): void {
    if (!open) return;
    parts.push(open.kind === 'text' ? { type: 'text-end', id: open.id } : { type: 'reasoning-end', id: open.id });
    open = undefined;
  }

  function append(parts: StreamPart[], kind: 'text' | 'reasoning', delta: string): void {
    if (delta === '') return;
    if (open?.kind !== kind) {
      closeRun(parts);
      open = { kind, id: `${kind}-${runs++}` };
      parts.push(kind === 'text' ? { type: 'text-start', id: open.id } : { type: 'reasoning-start', id: open.id });
    }
    parts.push(kind === 'text' ? { type: 'text-delta', id: open.id, delta } : { type: 'reasoning-delta', id: open.id, delta });
  }

  function finish(parts: StreamPart[], stream: FrameStream): StreamPart[] {
    closeRun(parts);
    stream.close();
    parts.push({
      type: 'finish',
      finishReason: finishReason ?? mapGeminiFinishReason(rawFinish, { hasToolCalls }),
      usage: convertGeminiUsage(usage),
    });
    return parts;
  }

  return createJsonFrameConverter({
    sender: 'Gemini',
    target: options.target,
    malformedEvents: options.malformedEvents,
    readJson(parts, json, stream) {
      if (typeof json === 'object' && json !== null && 'error' in json) return stream.fail(parts, createGoogleStreamError((json as { error: unknown }).error, options.target));
      const parsed = geminiResponseSchema.safeParse(json);
      if (!parsed.success) return stream.unexpected(parts, 'a stream chunk of an unexpected shape');
      const chunk = parsed.data;
      if (!metadataSent) {
        metadataSent = true;
        parts.push({ type: 'response-metadata', ...(chunk.responseId ? { id: chunk.responseId } : {}), modelId: chunk.modelVersion ?? options.requestedModel });
      }
      if (chunk.usageMetadata) usage = chunk.usageMetadata;
      const candidate = chunk.candidates?.[0];
      for (const part of candidate?.content?.parts ?? []) {
        for (const converted of convertGeminiPart(part, options.onThoughtSignature)) {
          if (converted.type === 'text') append(parts, 'text', converted.text);
          else if (converted.type === 'reasoning') append(parts, 'reasoning', converted.text);
          else if (converted.type === 'tool-call') {
            closeRun(parts);
            hasToolCalls = true;
            const input = JSON.stringify(converted.input);
            parts.push({ type: 'tool-input-start', id: converted.toolCallId, toolName: converted.toolName });
            parts.push({ type: 'tool-input-delta', id: converted.toolCallId, delta: input });
            parts.push({ type: 'tool-input-end', id: converted.toolCallId });
            parts.push({ type: 'tool-call', toolCallId: converted.toolCallId, toolName: converted.toolName, input });
          }
        }
      }
      if (!candidate && chunk.promptFeedback?.blockReason) {
        finishReason = blockedPromptFinishReason(chunk.promptFeedback.blockReason);
        return finish(parts, stream);
      }
      if (candidate?.finishReason) rawFinish = candidate.finishReason;
      return parts;
    },
    end(parts, stream) {
      if (rawFinish !== undefined) return finish(parts, stream);
      return stream.fail(parts, stream.responseError('Gemini stream ended before a finish reason'));
    },
  });
}
