import type { AssistantPart, CanonicalResponse } from '../../canonical/index.js';
import type { ProviderMetadata } from '../../canonical/index.js';
import { UpstreamResponseError, type TargetRef } from '../../errors/index.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { openaiResponseSchema, type OpenAIResponse } from './openai-api-schemas.js';
import { readChatCompletion } from './openai-shapes.js';

/**
 * A `chat.completion` body (text) → CanonicalResponse. Only `choices[0]` is read. A refusal
 * becomes a text part with the refusal text and the finish reason `content-filter` (raw kept,
 * usually `stop`). Tool call arguments are parsed; text that is not JSON stays a string.
 * `reasoning_content` (DeepSeek, vLLM) is not read: it has no signature to replay.
 * Throws UpstreamResponseError when the body is not a chat completion.
 */
export function convertOpenAIResponse(bodyText: string, options: { requestedModel: string; target?: TargetRef }): CanonicalResponse {
  return convertChatCompletion(readOpenAIResponse(bodyText, options), options);
}

/**
 * The checks of {@link convertOpenAIResponse} without the conversion: the body as a chat completion
 * with at least one choice. Throws UpstreamResponseError as it does. A passthrough answer, which
 * its client gets as sent, is checked here and converted only if something needs the canonical form.
 */
export function readOpenAIResponse(bodyText: string, options: { target?: TargetRef }): OpenAIResponse {
  let json: unknown;
  try {
    json = JSON.parse(bodyText) as unknown;
  } catch (error) {
    throw new UpstreamResponseError('provider answered with a body that is not JSON', { cause: error, ...targetOption(options.target) });
  }
  const body = readChatCompletion(json);
  if (!body) {
    // The schema only words the error: the hand check above decided.
    const issue = openaiResponseSchema.safeParse(json).error?.issues[0];
    throw new UpstreamResponseError(`provider answered with an unexpected body: ${issue?.message ?? 'invalid'}`, targetOption(options.target));
  }
  if (!body.choices[0]) throw new UpstreamResponseError('provider answered with no choices', targetOption(options.target));
  return body;
}

/** A chat completion {@link readOpenAIResponse} accepted → CanonicalResponse. */
export function convertChatCompletion(body: OpenAIResponse, options: { requestedModel: string }): CanonicalResponse {
  const choice = body.choices[0]!;
  const message = choice.message;
  const content: AssistantPart[] = [];
  const text = typeof message.content === 'string' ? message.content : (message.content ?? []).map((part) => part.text ?? '').join('');
  if (text !== '') content.push({ type: 'text', text });
  const isRefusal = typeof message.refusal === 'string' && message.refusal !== '';
  if (isRefusal) content.push({ type: 'text', text: message.refusal! });
  let toolCallCount = 0;
  for (const [index, call] of (message.tool_calls ?? []).entries()) {
    if (call.type && call.type !== 'function') {
      content.push({ type: 'raw', format: 'openai', value: call });
      continue;
    }
    toolCallCount++;
    content.push({
      type: 'tool-call',
      toolCallId: call.id ?? `call_${index}`,
      toolName: call.function?.name ?? '',
      input: parseArgumentsText(call.function?.arguments ?? ''),
    });
  }

  const metadata: Record<string, unknown> = {};
  if (body.created !== undefined && body.created !== null) metadata.created = body.created;
  if (body.service_tier) metadata.service_tier = body.service_tier;
  if (body.system_fingerprint) metadata.system_fingerprint = body.system_fingerprint;
  if (isRefusal) metadata.refusal = message.refusal;
  const providerMetadata: ProviderMetadata | undefined = Object.keys(metadata).length > 0 ? { openai: metadata } : undefined;

  return {
    id: body.id ?? '',
    modelId: body.model ?? options.requestedModel,
    content,
    finishReason: mapOpenAIFinishReason(choice.finish_reason, { hasToolCalls: toolCallCount > 0, isRefusal }),
    usage: convertOpenAIUsage(body.usage),
    ...(providerMetadata ? { providerMetadata } : {}),
  };
}

/** Tool arguments text → value; the text itself when it is not valid JSON. */
export function parseArgumentsText(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function targetOption(target: TargetRef | undefined): { target?: TargetRef } {
  return target ? { target } : {};
}
