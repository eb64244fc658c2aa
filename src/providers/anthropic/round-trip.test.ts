import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalMessage, CanonicalRequest } from '../../canonical/index.js';
import { parseAnthropicRequest } from '../../protocols/anthropic/parse-request.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';

/*
 * Property tests across both directions: a canonical conversation sent to Anthropic and read
 * back by the inbound parser keeps its meaning, and an Anthropic body read and re-sent is the
 * same body.
 */

const text = fc.string({ minLength: 1, maxLength: 20 });
const jsonScalar = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null));
const toolInput = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), jsonScalar, { maxKeys: 4 });
const toolName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,15}$/);

interface Turn {
  userTexts: string[];
  assistantTexts: string[];
  calls: Array<{ name: string; input: Record<string, unknown>; isError: boolean | undefined; output: string[] }>;
  followUpTexts: string[];
}

const turn: fc.Arbitrary<Turn> = fc.record({
  userTexts: fc.array(text, { minLength: 1, maxLength: 3 }),
  assistantTexts: fc.array(text, { maxLength: 2 }),
  calls: fc.array(
    fc.record({
      name: toolName,
      input: toolInput,
      isError: fc.option(fc.boolean(), { nil: undefined }),
      output: fc.array(text, { minLength: 1, maxLength: 2 }),
    }),
    { maxLength: 3 },
  ),
  followUpTexts: fc.array(text, { maxLength: 2 }),
});

/** Builds a well-formed canonical conversation: user, assistant (+ tool calls), tool results. */
function conversation(system: string | undefined, turns: Turn[]): CanonicalMessage[] {
  const messages: CanonicalMessage[] = system ? [{ role: 'system', content: [{ type: 'text', text: system }] }] : [];
  let callNumber = 0;
  for (const item of turns) {
    const userParts = item.userTexts.map((value) => ({ type: 'text' as const, text: value }));
    const last = messages.at(-1);
    // Anthropic has one user message per turn: a follow-up and the next question are one message.
    if (last?.role === 'user') last.content.push(...userParts);
    else messages.push({ role: 'user', content: userParts });
    const calls = item.calls.map((call) => ({ ...call, id: `toolu_${callNumber++}` }));
    const assistantContent = [
      ...item.assistantTexts.map((value) => ({ type: 'text' as const, text: value })),
      ...calls.map((call) => ({ type: 'tool-call' as const, toolCallId: call.id, toolName: call.name, input: call.input })),
    ];
    if (assistantContent.length === 0) assistantContent.push({ type: 'text', text: 'ok' });
    messages.push({ role: 'assistant', content: assistantContent });
    if (calls.length > 0) {
      messages.push({
        role: 'tool',
        content: calls.map((call) => ({
          type: 'tool-result' as const,
          toolCallId: call.id,
          toolName: call.name,
          output: call.output.map((value) => ({ type: 'text' as const, text: value })),
          ...(call.isError !== undefined ? { isError: call.isError } : {}),
        })),
      });
      if (item.followUpTexts.length > 0) messages.push({ role: 'user', content: item.followUpTexts.map((value) => ({ type: 'text', text: value })) });
    }
  }
  return messages;
}

/** What must survive: roles, texts, tool call ids/names/inputs, result ids/texts/is_error. */
function meaning(messages: CanonicalMessage[]): unknown[] {
  return messages.map((message) => ({
    role: message.role,
    parts: message.content.map((part) => {
      switch (part.type) {
        case 'text':
          return { text: part.text };
        case 'tool-call':
          return { call: part.toolCallId, name: part.toolName, input: part.input };
        case 'tool-result':
          return { result: part.toolCallId, isError: part.isError, output: part.output.map((item) => (item.type === 'text' ? item.text : item.type)) };
        default:
          return { other: part.type };
      }
    }),
  }));
}

describe('Anthropic round trips', () => {
  it('canonical → Anthropic body → JSON → parseRequest keeps the conversation', () => {
    fc.assert(
      fc.property(fc.option(text, { nil: undefined }), fc.array(turn, { minLength: 1, maxLength: 4 }), (system, turns) => {
        const request: CanonicalRequest = { model: 'gpt-x', messages: conversation(system, turns), stream: false, maxOutputTokens: 64 };
        const body = convertToAnthropicRequest(request, { model: 'claude-x', defaultMaxTokens: 4096, anthropicVersion: '2023-06-01' });
        const parsed = parseAnthropicRequest(JSON.parse(JSON.stringify(body)) as unknown);
        expect(meaning(parsed.messages)).toEqual(meaning(request.messages));
        expect(parsed.maxOutputTokens).toBe(64);
      }),
      { numRuns: 300 },
    );
  });

  it('Anthropic body → parseRequest → convert gives the same body back', () => {
    fc.assert(
      fc.property(fc.option(text, { nil: undefined }), fc.array(turn, { minLength: 1, maxLength: 4 }), (system, turns) => {
        const request: CanonicalRequest = { model: 'gpt-x', messages: conversation(system, turns), stream: false, maxOutputTokens: 64 };
        const options = { model: 'claude-x', defaultMaxTokens: 4096, anthropicVersion: '2023-06-01' };
        const body = JSON.parse(JSON.stringify(convertToAnthropicRequest(request, options))) as Record<string, unknown>;
        const again = convertToAnthropicRequest(parseAnthropicRequest(body), options);
        expect(again).toEqual(body);
      }),
      { numRuns: 300 },
    );
  });
});
