import type { CanonicalResponse } from '../../canonical/index.js';
import type { RenderContext } from '../inbound-protocol.js';
import { stringifyArguments } from '../openai/render-response.js';
import { customToolCallItem, customToolInput, functionCallItem, messageItem, newItemId, reasoningItem } from './output-items.js';
import { customToolNames } from './parse-tools.js';
import { buildResponseObject, toResponsesUsage, toResponseStatus } from './response-object.js';
import { toResponseId } from './response-ids.js';

/**
 * CanonicalResponse → a Responses API `response` object. Consecutive text parts form one
 * `message` item; each tool call is a `function_call` item (a `custom_tool_call` when the request
 * declared that tool as custom), its `call_id` the canonical tool call id; reasoning parts are
 * `reasoning` items with the reasoning as summary text. File and raw parts are dropped.
 */
export function renderResponsesResponse(response: CanonicalResponse, context: RenderContext): Record<string, unknown> {
  const customTools = customToolNames(context.request.tools);
  const output: Array<Record<string, unknown>> = [];
  /** The message item text parts are joining, while they come one after another. */
  let message: { id: string; text: string; index: number } | undefined;
  for (const part of response.content) {
    if (part.type !== 'text') message = undefined;
    switch (part.type) {
      case 'text':
        message ??= { id: newItemId('msg'), text: '', index: output.push({}) - 1 };
        message.text += part.text;
        output[message.index] = messageItem(message.id, 'completed', [message.text]);
        break;
      case 'reasoning':
        if (part.text !== '') output.push(reasoningItem(newItemId('rs'), [part.text]));
        break;
      case 'tool-call':
        output.push(
          customTools.has(part.toolName)
            ? customToolCallItem(newItemId('ctc'), 'completed', part.toolCallId, part.toolName, customToolInput(part.input))
            : functionCallItem(newItemId('fc'), 'completed', part.toolCallId, part.toolName, stringifyArguments(part.input)),
        );
        break;
      default:
        break;
    }
  }
  const { status, incomplete_details } = toResponseStatus(response.finishReason);
  const createdAt = response.providerMetadata?.openai?.created;
  return buildResponseObject(
    {
      id: toResponseId(response.id),
      createdAt: typeof createdAt === 'number' ? createdAt : Math.floor(Date.now() / 1000),
      model: response.modelId,
      status,
      output,
      usage: toResponsesUsage(response.usage),
      incompleteDetails: incomplete_details,
    },
    context,
  );
}
