import type { AssistantPart, CanonicalResponse } from '../../canonical/index.js';
import type { ConverseContentBlock, ConverseResponse } from './converse-api-schemas.js';
import { convertConverseUsage } from './convert-converse-usage.js';
import { mapConverseStopReason } from './map-converse-stop-reason.js';

/**
 * A `ConverseResponse` → canonical response. Converse names no response id: the request id AWS
 * answers with (`x-amzn-requestid`) stands in. `additionalModelResponseFields`, `metrics` and
 * `trace` (guardrail assessments) are kept under `providerMetadata.bedrock`.
 */
export function convertConverseResponse(response: ConverseResponse, options: { id: string; modelId: string }): CanonicalResponse {
  const content = (response.output.message?.content ?? []).flatMap(convertConverseBlock);
  const metadata = {
    ...(response.metrics ? { metrics: response.metrics } : {}),
    ...(response.additionalModelResponseFields !== undefined ? { additionalModelResponseFields: response.additionalModelResponseFields } : {}),
    ...(response.trace !== undefined ? { trace: response.trace } : {}),
  };
  return {
    id: options.id,
    modelId: options.modelId,
    content,
    finishReason: mapConverseStopReason(response.stopReason),
    usage: convertConverseUsage(response.usage),
    ...(Object.keys(metadata).length > 0 ? { providerMetadata: { bedrock: metadata } } : {}),
  };
}

/** One Converse content block → canonical parts (none for an empty or unknown block). */
export function convertConverseBlock(block: ConverseContentBlock): AssistantPart[] {
  if (typeof block.text === 'string') return block.text === '' ? [] : [{ type: 'text', text: block.text }];
  if (block.toolUse) return [{ type: 'tool-call', toolCallId: block.toolUse.toolUseId, toolName: block.toolUse.name, input: block.toolUse.input ?? {} }];
  const reasoning = block.reasoningContent;
  if (reasoning?.reasoningText) return [{ type: 'reasoning', text: reasoning.reasoningText.text, ...(reasoning.reasoningText.signature ? { signature: reasoning.reasoningText.signature } : {}) }];
  if (reasoning?.redactedContent) return [{ type: 'reasoning', text: '', redactedData: reasoning.redactedContent }];
  if (block.image?.source.bytes) return [{ type: 'file', mediaType: `image/${block.image.format}`, data: { kind: 'base64', base64: block.image.source.bytes } }];
  return [];
}
