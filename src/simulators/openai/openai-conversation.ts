import { ConversationFactsBuilder, type ConversationFacts } from '../conversation-facts.js';
import type { OpenaiChatRequest, OpenaiMessage } from './openai-request-schema.js';

function contentText(content: OpenaiMessage['content']): string | undefined {
  if (typeof content === 'string') return content;
  if (!content) return undefined;
  let text: string | undefined;
  for (const part of content) {
    if (typeof part.text === 'string') text = text === undefined ? part.text : `${text}\n${part.text}`;
  }
  return text;
}

/** Extracts what script rules look at from a Chat Completions body. */
export function openaiConversationFacts(body: OpenaiChatRequest): ConversationFacts {
  const facts = new ConversationFactsBuilder();
  if (body.tools && body.tools.length > 0) facts.addCharacters(JSON.stringify(body.tools).length);
  for (const message of body.messages) {
    const text = contentText(message.content);
    // 'function' is the legacy name of the tool role.
    if (message.role === 'tool' || message.role === 'function') {
      facts.addToolResult(text ?? '');
      facts.lastMessageIsToolResult = true;
      continue;
    }
    if (text !== undefined) facts.addText(text);
    if (message.role === 'assistant') {
      facts.assistantTurns++;
      for (const call of message.tool_calls ?? []) facts.addText(call.function.arguments ?? '');
    } else if (message.role === 'user' && text !== undefined) {
      facts.lastUserText = text;
    }
    if (message.role === 'user' || message.role === 'assistant') facts.lastMessageIsToolResult = false;
  }
  return facts.build(body.model);
}

/** Finds an assistant `tool_calls` message whose ids are not all answered by the tool messages after it. */
export function findUnansweredToolCalls(
  messages: OpenaiChatRequest['messages'],
): { messageIndex: number; ids: string[] } | undefined {
  for (let index = 0; index < messages.length; index++) {
    const calls = messages[index]?.tool_calls;
    if (!calls || calls.length === 0) continue;
    // A trailing assistant message has nothing to answer it yet.
    if (index === messages.length - 1) continue;
    const answered = new Set<string>();
    for (let next = index + 1; next < messages.length && messages[next]?.role === 'tool'; next++) {
      const id = messages[next]?.tool_call_id;
      if (id) answered.add(id);
    }
    const missing = calls.map((call) => call.id).filter((id) => !answered.has(id));
    if (missing.length > 0) return { messageIndex: index, ids: missing };
  }
  return undefined;
}
