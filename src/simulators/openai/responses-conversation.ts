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
export function findUnansweredCall(body: ResponsesRequest): string | undefined {
  if (typeof body.input === 'string') return undefined;
  const answered = new Set(body.input.filter((item) => item.type?.endsWith('_call_output')).map((item) => item.call_id));
  const call = body.input.find((item) => (item.type === 'function_call' || item.type === 'custom_tool_call') && !answered.has(item.call_id));
  return call?.call_id ?? undefined;
}
