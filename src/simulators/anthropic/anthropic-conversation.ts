import { ConversationFactsBuilder, type ConversationFacts } from '../conversation-facts.js';
import type { AnthropicContentBlock, AnthropicCountTokensRequest } from './anthropic-request-schema.js';

function toolResultText(block: AnthropicContentBlock): string {
  const content = block.content;
  if (typeof content === 'string') return content;
  if (!content) return '';
  let text = '';
  for (const part of content) if (typeof part.text === 'string') text += text ? `\n${part.text}` : part.text;
  return text;
}

/** Extracts what script rules look at from an Anthropic Messages (or count_tokens) body. */
export function anthropicConversationFacts(body: AnthropicCountTokensRequest): ConversationFacts {
  const facts = new ConversationFactsBuilder();
  if (typeof body.system === 'string') facts.addText(body.system);
  else if (body.system) for (const part of body.system) if (part.text) facts.addText(part.text);
  if (body.tools && body.tools.length > 0) facts.addCharacters(JSON.stringify(body.tools).length);

  for (const message of body.messages) {
    if (message.role === 'assistant') facts.assistantTurns++;
    let userText: string | undefined;
    let hasToolResult = false;
    if (typeof message.content === 'string') {
      facts.addText(message.content);
      userText = message.content;
    } else {
      for (const block of message.content) {
        if (block.type === 'text' && typeof block.text === 'string') {
          facts.addText(block.text);
          userText = userText === undefined ? block.text : `${userText}\n${block.text}`;
        } else if (block.type === 'thinking' && typeof block.thinking === 'string') {
          facts.addText(block.thinking);
        } else if (block.type === 'tool_use' || block.type === 'server_tool_use') {
          facts.addText(JSON.stringify(block.input ?? {}));
        } else if (block.type === 'tool_result') {
          hasToolResult = true;
          facts.addToolResult(toolResultText(block));
        }
      }
    }
    if (message.role === 'user') {
      if (userText !== undefined) facts.lastUserText = userText;
      facts.lastMessageIsToolResult = hasToolResult;
    } else if (message.role === 'assistant') {
      facts.lastMessageIsToolResult = false;
    }
  }
  return facts.build(body.model);
}

/** Finds a `tool_use` whose ids are not answered by `tool_result`s in the next message (the API's 400). */
export function findUnansweredToolUse(
  messages: AnthropicCountTokensRequest['messages'],
): { messageIndex: number; ids: string[] } | undefined {
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index];
    if (!message || message.role !== 'assistant' || typeof message.content === 'string') continue;
    const ids: string[] = [];
    for (const block of message.content) if (block.type === 'tool_use' && block.id) ids.push(block.id);
    if (ids.length === 0) continue;
    let nextIndex = index + 1;
    while (messages[nextIndex]?.role === 'system') nextIndex++;
    const next = messages[nextIndex];
    // A trailing assistant turn is a prefill; only a following message has to answer the calls.
    if (!next) continue;
    const answered = new Set<string>();
    if (next.role === 'user' && typeof next.content !== 'string') {
      for (const block of next.content) {
        if (block.type === 'tool_result' && block.tool_use_id) answered.add(block.tool_use_id);
      }
    }
    const missing = ids.filter((id) => !answered.has(id));
    if (missing.length > 0) return { messageIndex: nextIndex, ids: missing };
  }
  return undefined;
}
