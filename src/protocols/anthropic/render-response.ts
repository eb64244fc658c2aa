import type { AssistantPart, CanonicalResponse } from '../../canonical/index.js';
import type { RenderContext } from '../inbound-protocol.js';
import { toAnthropicMessageId } from './to-anthropic-message-id.js';
import { toAnthropicStopReason } from './to-anthropic-stop-reason.js';
import { toAnthropicUsage } from './to-anthropic-usage.js';

/** Message fields the renderer sets itself; providerMetadata.anthropic never overrides them. */
const CORE_FIELDS = new Set(['id', 'type', 'role', 'model', 'content', 'stop_reason', 'stop_sequence', 'usage']);

/**
 * CanonicalResponse → Anthropic Message JSON. `model` is the model that really answered.
 * Message-level extras an Anthropic upstream sent (container, stop_details, ...) are copied from
 * providerMetadata.anthropic.
 */
export function renderAnthropicResponse(response: CanonicalResponse, _context: RenderContext): Record<string, unknown> {
  const content = response.content.flatMap(toContentBlock);
  const hasToolCalls = response.content.some((part) => part.type === 'tool-call');
  const metadata = response.providerMetadata?.['anthropic'] ?? {};
  const stopSequence = metadata['stop_sequence'];
  const message: Record<string, unknown> = {
    id: toAnthropicMessageId(response.id),
    type: 'message',
    role: 'assistant',
    model: response.modelId,
    content,
    stop_reason: toAnthropicStopReason(response.finishReason, hasToolCalls),
    stop_sequence: typeof stopSequence === 'string' ? stopSequence : null,
    usage: toAnthropicUsage(response.usage),
  };
  for (const [key, value] of Object.entries(metadata)) {
    if (!CORE_FIELDS.has(key) && value !== undefined) message[key] = value;
  }
  return message;
}

/**
 * One assistant part → Anthropic content blocks. Files (Anthropic answers carry none) and raw
 * parts of other formats are dropped.
 */
export function toContentBlock(part: AssistantPart): Array<Record<string, unknown>> {
  switch (part.type) {
    case 'text':
      return [{ type: 'text', text: part.text, ...part.providerOptions?.['anthropic'] }];
    case 'reasoning':
      if (part.redactedData !== undefined) return [{ type: 'redacted_thinking', data: part.redactedData }];
      // Reasoning without a signature (e.g. from an OpenAI-compatible model) still shows as
      // thinking; the empty signature makes the Anthropic adapter drop it if it is sent back.
      return [{ type: 'thinking', thinking: part.text, signature: part.signature ?? '' }];
    case 'tool-call':
      return [{ type: 'tool_use', id: part.toolCallId, name: part.toolName, input: toInputObject(part.input), ...part.providerOptions?.['anthropic'] }];
    case 'raw':
      return part.format === 'anthropic' && typeof part.value === 'object' && part.value !== null ? [part.value as Record<string, unknown>] : [];
    case 'file':
      return [];
  }
}

/**
 * Anthropic `input` must be an object. A string (arguments that were not valid JSON when the
 * provider sent them) is parsed if it can be; anything else becomes `{}` rather than a body the
 * client cannot read.
 */
export function toInputObject(input: unknown): Record<string, unknown> {
  if (typeof input === 'string') {
    try {
      return toInputObject(JSON.parse(input === '' ? '{}' : input) as unknown);
    } catch {
      return {};
    }
  }
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}
