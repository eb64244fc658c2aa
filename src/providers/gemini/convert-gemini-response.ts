import type { AssistantPart, CanonicalResponse } from '../../canonical/index.js';
import type { GeminiPart, GeminiResponse } from './gemini-api-schemas.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import { geminiResponseId, geminiToolCallId } from './gemini-ids.js';
import { blockedPromptFinishReason, mapGeminiFinishReason } from './map-gemini-finish-reason.js';

/** Called for every function call that came with a thought signature. */
export type OnThoughtSignature = (toolCallId: string, signature: string) => void;

/**
 * A `generateContent` answer → canonical response. Thought parts become reasoning (unsigned: a
 * Gemini signature means nothing to another provider), function calls get an id when Gemini sent
 * none, and signatures stay on their part under `providerOptions.gemini`. A blocked prompt is an
 * empty answer that finished for `content-filter`, never an error.
 */
export function convertGeminiResponse(response: GeminiResponse, options: { requestedModel: string; onThoughtSignature?: OnThoughtSignature }): CanonicalResponse {
  const candidate = response.candidates?.[0];
  const content = (candidate?.content?.parts ?? []).flatMap((part) => convertGeminiPart(part, options.onThoughtSignature));
  const hasToolCalls = content.some((part) => part.type === 'tool-call');
  const blockReason = response.promptFeedback?.blockReason;
  const finishReason = !candidate && blockReason ? blockedPromptFinishReason(blockReason) : mapGeminiFinishReason(candidate?.finishReason, { hasToolCalls });
  const metadata = {
    ...(candidate?.finishMessage ? { finishMessage: candidate.finishMessage } : {}),
    ...(candidate?.safetyRatings ? { safetyRatings: candidate.safetyRatings } : {}),
    ...(response.promptFeedback ? { promptFeedback: response.promptFeedback } : {}),
  };
  return {
    id: response.responseId ?? geminiResponseId(),
    modelId: response.modelVersion ?? options.requestedModel,
    content,
    finishReason,
    usage: convertGeminiUsage(response.usageMetadata),
    ...(Object.keys(metadata).length > 0 ? { providerMetadata: { gemini: metadata } } : {}),
  };
}

/** One Gemini part → canonical parts (none for an empty or unknown part). */
export function convertGeminiPart(part: GeminiPart, onThoughtSignature?: OnThoughtSignature): AssistantPart[] {
  const signature = part.thoughtSignature ?? undefined;
  const signed = signature ? { providerOptions: { gemini: { thoughtSignature: signature } } } : {};
  if (part.functionCall) {
    const toolCallId = part.functionCall.id ?? geminiToolCallId();
    if (signature) onThoughtSignature?.(toolCallId, signature);
    return [{ type: 'tool-call', toolCallId, toolName: part.functionCall.name, input: part.functionCall.args ?? {}, ...signed }];
  }
  if (typeof part.text === 'string') {
    if (part.thought) return [{ type: 'reasoning', text: part.text }];
    return part.text === '' && !signature ? [] : [{ type: 'text', text: part.text, ...signed }];
  }
  if (part.inlineData) return [{ type: 'file', mediaType: part.inlineData.mimeType ?? 'application/octet-stream', data: { kind: 'base64', base64: part.inlineData.data } }];
  return [];
}
