import { ConversationFactsBuilder, type ConversationFacts } from '../conversation-facts.js';
import type { ConverseBlock, ConverseRequestBody } from './converse-request-schema.js';

type ConverseMessages = NonNullable<ConverseRequestBody['messages']>;

/** Extracts what script rules look at from a Converse body. */
export function converseConversationFacts(body: Pick<ConverseRequestBody, 'messages' | 'system' | 'toolConfig'>, model: string): ConversationFacts {
  const facts = new ConversationFactsBuilder();
  for (const block of body.system ?? []) if (typeof block.text === 'string') facts.addText(block.text);
  if (body.toolConfig) facts.addCharacters(JSON.stringify(body.toolConfig.tools).length);
  for (const message of body.messages ?? []) {
    const isAssistant = message.role === 'assistant';
    if (isAssistant) facts.assistantTurns++;
    let userText: string | undefined;
    let hasToolResult = false;
    for (const block of message.content) {
      if (typeof block.text === 'string') {
        facts.addText(block.text);
        userText = userText === undefined ? block.text : `${userText}\n${block.text}`;
      } else if (block.toolUse) {
        facts.addText(JSON.stringify(block.toolUse.input ?? {}));
      } else if (block.toolResult) {
        hasToolResult = true;
        facts.addToolResult(block.toolResult.content.map((item) => item.text ?? (item.json !== undefined ? JSON.stringify(item.json) : '')).join('\n'));
      }
    }
    if (!isAssistant) {
      if (userText !== undefined) facts.lastUserText = userText;
      facts.lastMessageIsToolResult = hasToolResult;
    } else {
      facts.lastMessageIsToolResult = false;
    }
  }
  return facts.build(model);
}

/**
 * The first rule of Converse's the conversation breaks, in Bedrock's words, or undefined: it
 * starts with a user message, roles alternate, no text block is blank, tool blocks come with a
 * `toolConfig`, and every toolUse is answered by a toolResult in the next message.
 */
export function converseConversationProblem(body: ConverseRequestBody): string | undefined {
  const messages: ConverseMessages = body.messages ?? [];
  if (messages.length === 0) return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
  if (messages[0]!.role !== 'user') return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    if (index > 0 && messages[index - 1]!.role === message.role) return 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.';
    if (message.content.length === 0) return `The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`;
    if (message.content.some((block) => typeof block.text === 'string' && block.text.trim() === '')) return `The text field in the ContentBlock object at messages.${index}.content.0 is blank. Add text to the text field, and try again.`;
  }
  const usesTools = messages.some((message) => message.content.some((block) => block.toolUse || block.toolResult));
  if (usesTools && !body.toolConfig) return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.';
  for (let index = 0; index < messages.length; index++) {
    const calls = toolUseIds(messages[index]!.content);
    if (calls.length === 0) continue;
    const next = messages[index + 1];
    if (!next) continue;
    const answered = new Set(next.content.flatMap((block) => (block.toolResult ? [block.toolResult.toolUseId] : [])));
    if (calls.some((id) => !answered.has(id))) return `Expected toolResult blocks at messages.${index + 1}.content for the following Ids: ${calls.filter((id) => !answered.has(id)).join(', ')}`;
  }
  return undefined;
}

function toolUseIds(content: readonly ConverseBlock[]): string[] {
  return content.flatMap((block) => (block.toolUse ? [block.toolUse.toolUseId] : []));
}
