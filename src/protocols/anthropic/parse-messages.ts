import type { AssistantMessage, CanonicalMessage, SystemMessage, TextPart, ToolResultPart, UserMessage } from '../../canonical/index.js';
import { type AnthropicBlock, parseAssistantBlock, parseTextBlock, parseToolResultBlock, parseUserBlock } from './parse-content-block.js';
import type { AnthropicRequestBody } from './schemas.js';

type AnthropicMessage = AnthropicRequestBody['messages'][number];

/**
 * Top-level `system` (string or text blocks) → one leading canonical system message whose parts
 * keep each block's cache_control. Returns nothing when there is no system prompt.
 */
export function parseSystem(system: AnthropicRequestBody['system']): SystemMessage[] {
  if (system === undefined || system === null) return [];
  if (typeof system === 'string') return [{ role: 'system', content: [{ type: 'text', text: system }] }];
  const parts = system.map((block, index) => parseTextBlock(block, ['system', index])).filter((part) => !isBillingMetadata(part.text));
  return parts.length > 0 ? [{ role: 'system', content: parts }] : [];
}

/**
 * Claude Code opens its system prompt with a per-session billing line for Anthropic
 * (`x-anthropic-billing-header: cc_version=…`). It is metadata, not an instruction; carried to
 * another provider it only changes the prompt's first bytes each session and defeats prefix
 * caching. Same-format passthrough never goes through here, so Anthropic still receives it.
 */
function isBillingMetadata(text: string): boolean {
  return text.startsWith('x-anthropic-billing-header:');
}

/**
 * `messages` → canonical messages in order. A user message's tool_result blocks become a `tool`
 * message placed before the user message that holds its other blocks (that user message is left
 * out when nothing else remains). `role: "system"` messages stay at their position.
 */
export function parseMessages(messages: AnthropicMessage[]): CanonicalMessage[] {
  const canonical: CanonicalMessage[] = [];
  // tool_use id → name, so tool results can carry the name formats like Gemini need.
  const toolNames = new Map<string, string>();
  messages.forEach((message, messageIndex) => {
    const path = ['messages', messageIndex, 'content'] as const;
    switch (message.role) {
      case 'system':
        canonical.push(parseSystemMessage(message.content, path));
        break;
      case 'assistant':
        canonical.push(parseAssistantMessage(message.content, path, toolNames));
        break;
      case 'user':
        canonical.push(...parseUserMessage(message.content, path, toolNames));
        break;
    }
  });
  return canonical;
}

function parseSystemMessage(content: AnthropicMessage['content'], path: ReadonlyArray<PropertyKey>): SystemMessage {
  const parts: TextPart[] =
    typeof content === 'string' ? [{ type: 'text', text: content }] : content.map((block, index) => parseTextBlock(block, [...path, index]));
  return { role: 'system', content: parts };
}

function parseAssistantMessage(
  content: AnthropicMessage['content'],
  path: ReadonlyArray<PropertyKey>,
  toolNames: Map<string, string>,
): AssistantMessage {
  if (typeof content === 'string') return { role: 'assistant', content: [{ type: 'text', text: content }] };
  const parts = content.map((block, index) => parseAssistantBlock(block as AnthropicBlock, [...path, index]));
  for (const part of parts) {
    if (part.type === 'tool-call') toolNames.set(part.toolCallId, part.toolName);
  }
  return { role: 'assistant', content: parts };
}

function parseUserMessage(
  content: AnthropicMessage['content'],
  path: ReadonlyArray<PropertyKey>,
  toolNames: ReadonlyMap<string, string>,
): Array<UserMessage | { role: 'tool'; content: ToolResultPart[] }> {
  if (typeof content === 'string') return [{ role: 'user', content: [{ type: 'text', text: content }] }];
  const results: ToolResultPart[] = [];
  const others: UserMessage['content'] = [];
  content.forEach((block, index) => {
    if (block.type === 'tool_result') results.push(parseToolResultBlock(block as AnthropicBlock, [...path, index], toolNames));
    else others.push(parseUserBlock(block as AnthropicBlock, [...path, index]));
  });
  if (results.length === 0) return [{ role: 'user', content: others }];
  const toolMessage = { role: 'tool' as const, content: results };
  return others.length > 0 ? [toolMessage, { role: 'user', content: others }] : [toolMessage];
}
