import { ConversationFactsBuilder, type ConversationFacts } from '../conversation-facts.js';
import type { GeminiRequestBody } from './gemini-request-schema.js';

/** Extracts what script rules look at from a `generateContent` body. */
export function geminiConversationFacts(body: GeminiRequestBody, model: string): ConversationFacts {
  const facts = new ConversationFactsBuilder();
  for (const part of body.systemInstruction?.parts ?? []) if (typeof part.text === 'string') facts.addText(part.text);
  if (body.tools && body.tools.length > 0) facts.addCharacters(JSON.stringify(body.tools).length);
  for (const content of body.contents) {
    const isModel = content.role === 'model';
    if (isModel) facts.assistantTurns++;
    let userText: string | undefined;
    let hasToolResult = false;
    for (const part of content.parts) {
      if (typeof part.text === 'string' && !part.thought) {
        facts.addText(part.text);
        userText = userText === undefined ? part.text : `${userText}\n${part.text}`;
      } else if (part.functionCall) {
        facts.addText(JSON.stringify(part.functionCall.args ?? {}));
      } else if (part.functionResponse) {
        hasToolResult = true;
        const response = part.functionResponse.response ?? {};
        const text = typeof response.output === 'string' ? response.output : typeof response.error === 'string' ? response.error : JSON.stringify(response);
        facts.addToolResult(text);
      }
    }
    if (!isModel) {
      if (userText !== undefined) facts.lastUserText = userText;
      facts.lastMessageIsToolResult = hasToolResult;
    } else {
      facts.lastMessageIsToolResult = false;
    }
  }
  return facts.build(model);
}

/**
 * Gemini 3's rule: in the current turn (after the last user text), the first function call of
 * each model step must carry a thought signature. Returns the offending content's index, if any.
 */
export function findUnsignedFunctionCall(body: GeminiRequestBody, accepted: (signature: string) => boolean): { index: number; reason: 'missing' | 'invalid' } | undefined {
  let turnStart = -1;
  body.contents.forEach((content, index) => {
    if (content.role !== 'model' && content.parts.some((part) => typeof part.text === 'string')) turnStart = index;
  });
  for (let index = turnStart + 1; index < body.contents.length; index++) {
    const content = body.contents[index]!;
    if (content.role !== 'model') continue;
    const first = content.parts.find((part) => part.functionCall);
    if (!first) continue;
    if (!first.thoughtSignature) return { index, reason: 'missing' };
    if (!accepted(first.thoughtSignature)) return { index, reason: 'invalid' };
  }
  return undefined;
}
