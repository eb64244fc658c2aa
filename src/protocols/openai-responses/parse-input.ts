import type { AssistantMessage, CanonicalMessage, ToolMessage, ToolResultPart } from '../../canonical/index.js';
import { UnsupportedFeatureError } from '../../errors/index.js';
import { invalidType, parseOrThrow } from '../openai/request-errors.js';
import { parseAssistantContent, parseInputContent, parseTextOnlyContent } from './parse-content.js';
import { parseArguments } from '../openai/parse-messages.js';
import { RESPONSES_FORMAT } from './responses-format.js';
import { callOutputItemSchema, customToolCallItemSchema, functionCallItemSchema, messageItemSchema, typedSchema } from './schemas.js';

type PathSegment = string | number;

/**
 * Responses `input` → canonical messages.
 *
 * - A string is one user message; `instructions` (handled by the caller) come before everything.
 * - Items that belong to the model's turn (assistant messages, `function_call`, `custom_tool_call`,
 *   `reasoning`, hosted-tool calls) are gathered into one assistant message until an item of
 *   another turn comes; consecutive tool outputs become one tool message. That is the shape every
 *   target needs (Anthropic: tool_use then tool_result in the next user turn), and the call ids are
 *   kept as the client sent them, so calls and outputs stay paired on any target.
 * - `custom_tool_call` becomes a tool call whose input is `{ input: <text> }` (see parse-tools.ts).
 * - `reasoning` items (with their `encrypted_content`) and hosted-tool items have no canonical
 *   meaning: they stay raw Responses items, replayed to a Responses target, dropped for others.
 */
export function parseInput(input: string | readonly unknown[]): CanonicalMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: [{ type: 'text', text: input }] }];
  const messages: CanonicalMessage[] = [];
  const toolNames = new Map<string, string>();

  function assistant(): AssistantMessage {
    const last = messages.at(-1);
    if (last?.role === 'assistant') return last;
    const created: AssistantMessage = { role: 'assistant', content: [] };
    messages.push(created);
    return created;
  }
  function tool(): ToolMessage {
    const last = messages.at(-1);
    if (last?.role === 'tool') return last;
    const created: ToolMessage = { role: 'tool', content: [] };
    messages.push(created);
    return created;
  }

  input.forEach((item, index) => {
    const path: PathSegment[] = ['input', index];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw invalidType(path, 'an object', item);
    const type = parseOrThrow(typedSchema, item, path).type ?? 'message';
    switch (type) {
      case 'message': {
        const message = parseOrThrow(messageItemSchema, item, path);
        const contentPath = [...path, 'content'];
        if (message.role === 'assistant') assistant().content.push(...parseAssistantContent(message.content, contentPath));
        else if (message.role === 'user') messages.push({ role: 'user', content: parseInputContent(message.content, contentPath) });
        else {
          messages.push({
            role: 'system',
            content: parseTextOnlyContent(message.content, contentPath),
            ...(message.role === 'developer' ? { providerOptions: { openai: { role: 'developer' } } } : {}),
          });
        }
        return;
      }
      case 'function_call': {
        const call = parseOrThrow(functionCallItemSchema, item, path);
        toolNames.set(call.call_id, call.name);
        assistant().content.push({ type: 'tool-call', toolCallId: call.call_id, toolName: call.name, input: parseArguments(call.arguments) });
        return;
      }
      case 'custom_tool_call': {
        const call = parseOrThrow(customToolCallItemSchema, item, path);
        toolNames.set(call.call_id, call.name);
        assistant().content.push({ type: 'tool-call', toolCallId: call.call_id, toolName: call.name, input: { input: call.input } });
        return;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const output = parseOrThrow(callOutputItemSchema, item, path);
        const parts = parseInputContent(output.output, [...path, 'output']).filter((part) => part.type !== 'raw');
        const toolName = toolNames.get(output.call_id);
        const result: ToolResultPart = {
          type: 'tool-result',
          toolCallId: output.call_id,
          ...(toolName !== undefined ? { toolName } : {}),
          output: parts as ToolResultPart['output'],
        };
        tool().content.push(result);
        return;
      }
      case 'item_reference':
        throw new UnsupportedFeatureError(
          "Input items of type 'item_reference' are not supported by Lifeline: send the items themselves, or use 'previous_response_id'.",
          `input[${index}]`,
        );
      default:
        // reasoning, web_search_call, file_search_call, local_shell_call, mcp_* …: the model's own
        // turn, meaningful only to a Responses API target.
        assistant().content.push({ type: 'raw', format: RESPONSES_FORMAT, value: item });
    }
  });
  return messages;
}
