import type { AssistantMessage, CanonicalMessage, RawPart, TextPart, ToolCallPart, ToolResultPart } from '../../canonical/index.js';
import { InvalidRequestError } from '../../errors/index.js';
import { parseTextContent, parseUserContent } from './parse-content-parts.js';
import { invalidType, invalidValue, parseOrThrow } from './request-errors.js';
import {
  anyPartSchema,
  assistantMessageSchema,
  messageRoleSchema,
  refusalPartSchema,
  systemMessageSchema,
  textPartSchema,
  toolCallSchema,
  toolMessageSchema,
  userMessageSchema,
} from './schemas.js';

const ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'] as const;

/**
 * Chat Completions `messages` → canonical messages, in order. System and developer messages stay
 * where they are (developer remembered in providerOptions.openai.role); consecutive `tool`
 * messages become one canonical tool message whose results know their tool name from the
 * assistant call before them.
 */
export function parseMessages(messages: readonly unknown[]): CanonicalMessage[] {
  const result: CanonicalMessage[] = [];
  const toolNames = new Map<string, string>();
  messages.forEach((message, index) => {
    const path = ['messages', index] as const;
    const { role } = parseOrThrow(messageRoleSchema, message, path);
    switch (role) {
      case 'system':
      case 'developer': {
        const parsed = parseOrThrow(systemMessageSchema, message, path);
        const openai = { ...(role === 'developer' ? { role } : {}), ...(parsed.name ? { name: parsed.name } : {}) };
        result.push({
          role: 'system',
          content: parseTextContent(parsed.content, [...path, 'content']),
          ...(Object.keys(openai).length > 0 ? { providerOptions: { openai } } : {}),
        });
        return;
      }
      case 'user': {
        const parsed = parseOrThrow(userMessageSchema, message, path);
        result.push({
          role: 'user',
          content: parseUserContent(parsed.content, [...path, 'content']),
          ...(parsed.name ? { providerOptions: { openai: { name: parsed.name } } } : {}),
        });
        return;
      }
      case 'assistant': {
        const assistant = parseAssistantMessage(message, path);
        for (const part of assistant.content) if (part.type === 'tool-call') toolNames.set(part.toolCallId, part.toolName);
        result.push(assistant);
        return;
      }
      case 'tool': {
        const parsed = parseOrThrow(toolMessageSchema, message, path);
        const output = parseTextContent(parsed.content, [...path, 'content']).filter((part) => part.text !== '');
        const toolName = toolNames.get(parsed.tool_call_id);
        const part: ToolResultPart = { type: 'tool-result', toolCallId: parsed.tool_call_id, output, ...(toolName ? { toolName } : {}) };
        const previous = result.at(-1);
        if (previous?.role === 'tool') previous.content.push(part);
        else result.push({ role: 'tool', content: [part] });
        return;
      }
      case 'function':
        throw new InvalidRequestError(
          "The 'function' role is deprecated and not supported; send tool results as messages with role 'tool' and a 'tool_call_id'.",
          { param: `messages[${index}].role` },
        );
      default:
        throw invalidValue([...path, 'role'], role, ROLES);
    }
  });
  return result;
}

function parseAssistantMessage(message: unknown, path: readonly (string | number)[]): AssistantMessage {
  const parsed = parseOrThrow(assistantMessageSchema, message, path);
  const content: AssistantMessage['content'] = [];
  if (typeof parsed.content === 'string') {
    // `content: ""` beside tool calls is common and means "no text".
    if (parsed.content !== '') content.push({ type: 'text', text: parsed.content });
  } else if (Array.isArray(parsed.content)) {
    parsed.content.forEach((part, index) => content.push(parseAssistantPart(part, [...path, 'content', index])));
  } else if (parsed.content !== null && parsed.content !== undefined) {
    throw invalidType([...path, 'content'], 'one of a string, array of objects or null', parsed.content);
  }
  // A refusal the model gave earlier is still what it said: keep it as text.
  if (parsed.refusal) content.push({ type: 'text', text: parsed.refusal });
  (parsed.tool_calls ?? []).forEach((call, index) => content.push(parseToolCall(call, [...path, 'tool_calls', index])));

  const openai: Record<string, unknown> = {};
  if (parsed.name) openai.name = parsed.name;
  if (parsed.audio !== undefined && parsed.audio !== null) openai.audio = parsed.audio;
  if (parsed.function_call !== undefined && parsed.function_call !== null) openai.function_call = parsed.function_call;
  return { role: 'assistant', content, ...(Object.keys(openai).length > 0 ? { providerOptions: { openai } } : {}) };
}

function parseAssistantPart(part: unknown, path: readonly (string | number)[]): TextPart {
  const typed = parseOrThrow(anyPartSchema, part, path);
  if (typed.type === 'text') return { type: 'text', text: parseOrThrow(textPartSchema, part, path).text };
  if (typed.type === 'refusal') return { type: 'text', text: parseOrThrow(refusalPartSchema, part, path).refusal };
  throw invalidValue([...path, 'type'], typed.type, ['text', 'refusal']);
}

/** `tool_calls[]` → ToolCallPart (`input` parsed from JSON, the raw string when not JSON); custom tool calls → RawPart. */
function parseToolCall(call: unknown, path: readonly (string | number)[]): ToolCallPart | RawPart {
  const parsed = parseOrThrow(toolCallSchema, call, path);
  if (parsed.type !== undefined && parsed.type !== null && parsed.type !== 'function') return { type: 'raw', format: 'openai', value: call };
  if (!parsed.function) throw invalidType([...path, 'function'], 'an object', parsed.function);
  return { type: 'tool-call', toolCallId: parsed.id, toolName: parsed.function.name, input: parseArguments(parsed.function.arguments ?? '') };
}

/** JSON arguments text → value; the text itself when it is not valid JSON (models do send that). */
export function parseArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
