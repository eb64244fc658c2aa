import type { AssistantPart, CanonicalResponse } from '../../canonical/index.js';
import type { AnthropicContentBlock, AnthropicMessage } from './anthropic-api-schemas.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

/** Message fields carried in providerMetadata.anthropic when the API sends them non-null. */
const METADATA_FIELDS = ['stop_sequence', 'container', 'stop_details', 'diagnostics'] as const;

/** A parsed Anthropic Message → CanonicalResponse (`modelId` is the model that really answered). */
export function convertAnthropicResponse(message: AnthropicMessage): CanonicalResponse {
  const metadata: Record<string, unknown> = {};
  for (const field of METADATA_FIELDS) {
    const value = (message as Record<string, unknown>)[field];
    if (value !== null && value !== undefined) metadata[field] = value;
  }
  return {
    id: message.id,
    modelId: message.model,
    content: message.content.map(convertAnthropicBlock),
    finishReason: mapAnthropicFinishReason(message.stop_reason),
    usage: convertAnthropicUsage(message.usage),
    ...(Object.keys(metadata).length > 0 ? { providerMetadata: { anthropic: metadata } } : {}),
  };
}

/** One response block → an assistant part; block types the canonical model lacks stay raw. */
export function convertAnthropicBlock(block: AnthropicContentBlock): AssistantPart {
  switch (block.type) {
    case 'text':
      return {
        type: 'text',
        text: block.text ?? '',
        ...(block.citations ? { providerOptions: { anthropic: { citations: block.citations } } } : {}),
      };
    case 'thinking':
      return { type: 'reasoning', text: block.thinking ?? '', ...(block.signature ? { signature: block.signature } : {}) };
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', redactedData: block.data ?? '' };
    case 'tool_use': {
      const caller = (block as Record<string, unknown>)['caller'];
      return {
        type: 'tool-call',
        toolCallId: block.id ?? '',
        toolName: block.name ?? '',
        input: block.input ?? {},
        ...(caller !== undefined && caller !== null ? { providerOptions: { anthropic: { caller } } } : {}),
      };
    }
    default:
      return { type: 'raw', format: 'anthropic', value: block };
  }
}
