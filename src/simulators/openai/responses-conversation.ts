import { ConversationFactsBuilder, type ConversationFacts } from '../conversation-facts.js';
import type { ResponsesInputItem, ResponsesRequest } from './responses-request-schema.js';

function textOf(content: ResponsesInputItem['content'] | ResponsesInputItem['output']): string | undefined {
  if (typeof content === 'string') return content;
  if (!content) return undefined;
  const texts = content.flatMap((part) => (typeof part.text === 'string' ? [part.text] : []));
  return texts.length > 0 ? texts.join('\n') : undefined;
}

/**
 * What script rules look at, from a Responses body: `instructions` and messages are text, each run
 * of model items (assistant messages, calls, reasoning) is one assistant turn, call outputs are tool
 * results.
 */
export function responsesConversationFacts(body: ResponsesRequest): ConversationFacts {
  const facts = new ConversationFactsBuilder();
  if (body.tools && body.tools.length > 0) facts.addCharacters(JSON.stringify(body.tools).length);
  if (body.instructions) facts.addText(body.instructions);
  if (typeof body.input === 'string') {
    facts.addText(body.input);
    facts.lastUserText = body.input;
    return facts.build(body.model);
  }
  let inAssistantTurn = false;
  for (const item of body.input) {
    const type = item.type ?? 'message';
    const isModelItem = (type === 'message' && item.role === 'assistant') || (type !== 'message' && !type.endsWith('_output'));
    if (isModelItem && !inAssistantTurn) facts.assistantTurns++;
    inAssistantTurn = isModelItem;
    if (type === 'function_call_output' || type === 'custom_tool_call_output') {
      facts.addToolResult(textOf(item.output) ?? '');
      facts.lastMessageIsToolResult = true;
      continue;
    }
    if (type === 'function_call') facts.addText(item.arguments ?? '');
    else if (type === 'custom_tool_call') facts.addText(item.input ?? '');
    else if (type === 'message') {
      const text = textOf(item.content);
      if (text !== undefined) facts.addText(text);
      if (item.role === 'user' && text !== undefined) facts.lastUserText = text;
      if (item.role === 'user' || item.role === 'assistant') facts.lastMessageIsToolResult = false;
    }
  }
  return facts.build(body.model);
}

/** The first `function_call` whose `call_id` no output item answers: the API's 400. */
/**
 * The id of a reasoning item OpenAI could not read back: no `encrypted_content` and an id it never
 * issued (`issued`). The real API answers 404 to it (see unknownReasoningMessage).
 */
export function findUnknownReasoningItem(body: ResponsesRequest, issued: ReadonlySet<string>): string | undefined {
  if (typeof body.input === 'string') return undefined;
  const item = body.input.find((entry) => entry.type === 'reasoning' && !entry.encrypted_content && !(entry.id && issued.has(entry.id)));
  return item ? (item.id ?? '') : undefined;
}

/** The real API's words for an unknown reasoning item, with and without `store`. */
export function unknownReasoningMessage(id: string, store: boolean): string {
  return store
    ? `Item with id '${id}' not found.`
    : `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`;
}

export function findUnansweredCall(body: ResponsesRequest): string | undefined {
  if (typeof body.input === 'string') return undefined;
  const answered = new Set(body.input.filter((item) => item.type?.endsWith('_call_output')).map((item) => item.call_id));
  const call = body.input.find((item) => (item.type === 'function_call' || item.type === 'custom_tool_call') && !answered.has(item.call_id));
  return call?.call_id ?? undefined;
}
