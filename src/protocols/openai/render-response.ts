import type { CanonicalResponse } from '../../canonical/index.js';
import type { RenderContext } from '../inbound-protocol.js';
import { renderFinishReason, renderUsage, toChatCompletionId } from './render-usage.js';

/**
 * CanonicalResponse → `chat.completion` body. Text parts are joined into `content`; a
 * content-filter answer with text is rendered as `refusal` (content null), the way OpenAI shows
 * refusals. Reasoning parts have no Chat Completions representation and are dropped (only
 * `reasoning_tokens` reaches the client); file and raw parts are dropped too.
 */
export function renderOpenAIResponse(response: CanonicalResponse, _context: RenderContext): Record<string, unknown> {
  const texts: string[] = [];
  const toolCalls: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }> = [];
  for (const part of response.content) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'tool-call') {
      toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: stringifyArguments(part.input) } });
    }
  }
  const text = texts.join('');
  const isRefusal = response.finishReason.unified === 'content-filter' && text !== '';
  const openaiMetadata = response.providerMetadata?.openai ?? {};
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: isRefusal || texts.length === 0 ? null : text,
    refusal: isRefusal ? text : null,
    annotations: [],
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: toChatCompletionId(response.id),
    object: 'chat.completion',
    created: typeof openaiMetadata.created === 'number' ? openaiMetadata.created : Math.floor(Date.now() / 1000),
    model: response.modelId,
    choices: [{ index: 0, message, logprobs: null, finish_reason: renderFinishReason(response.finishReason) }],
    usage: renderUsage(response.usage),
    service_tier: typeof openaiMetadata.service_tier === 'string' ? openaiMetadata.service_tier : null,
    system_fingerprint: typeof openaiMetadata.system_fingerprint === 'string' ? openaiMetadata.system_fingerprint : null,
  };
}

/** Tool input → `arguments` JSON text; a string input (arguments that were not JSON) is sent as it was. */
export function stringifyArguments(input: unknown): string {
  return typeof input === 'string' ? input : JSON.stringify(input ?? {});
}
