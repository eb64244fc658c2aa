import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalMessage, CanonicalRequest } from '../../canonical/index.js';
import { parseOpenAIRequest } from '../../protocols/openai/parse-request.js';
import { convertToOpenAIRequest } from './convert-to-openai-request.js';
import { OPENAI_QUIRKS } from './openai-quirks.js';

const text = fc.string({ minLength: 1, maxLength: 20 });
const toolName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,15}$/);
const toolInput = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });

/** One turn: a user message, optionally parallel tool calls with their results (in any order), then an answer. */
const turn = fc
  .record({
    user: fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 3 }),
    calls: fc.uniqueArray(fc.record({ id: fc.stringMatching(/^call_[A-Za-z0-9]{4,12}$/), name: toolName, input: toolInput, result: fc.option(text, { nil: undefined }) }), {
      maxLength: 4,
      selector: (call) => call.id,
    }),
    preamble: fc.option(text, { nil: undefined }),
    answer: text,
    resultOrder: fc.func(fc.integer()),
  })
  .map(({ user, calls, preamble, answer, resultOrder }): CanonicalMessage[] => {
    const messages: CanonicalMessage[] = [{ role: 'user', content: user.map((value) => ({ type: 'text', text: value })) }];
    if (calls.length > 0) {
      messages.push({
        role: 'assistant',
        content: [
          ...(preamble === undefined ? [] : [{ type: 'text' as const, text: preamble }]),
          ...calls.map((call) => ({ type: 'tool-call' as const, toolCallId: call.id, toolName: call.name, input: call.input })),
        ],
      });
      const results = calls.map((call) => ({
        type: 'tool-result' as const,
        toolCallId: call.id,
        toolName: call.name,
        output: call.result === undefined ? [] : [{ type: 'text' as const, text: call.result }],
      }));
      results.sort((a, b) => resultOrder(a.toolCallId) - resultOrder(b.toolCallId));
      messages.push({ role: 'tool', content: results });
    }
    messages.push({ role: 'assistant', content: [{ type: 'text', text: answer }] });
    return messages;
  });

const conversation = fc
  .record({ system: fc.option(text, { nil: undefined }), turns: fc.array(turn, { minLength: 1, maxLength: 3 }) })
  .map(({ system, turns }): CanonicalRequest => ({
    model: 'claude-sonnet-4-5',
    stream: false,
    messages: [...(system === undefined ? [] : [{ role: 'system' as const, content: [{ type: 'text' as const, text: system }] }]), ...turns.flat()],
  }));

/** What must survive: roles, texts, tool ids, names and arguments; tool results in the calls' order. */
function essence(messages: readonly CanonicalMessage[]): unknown[] {
  return messages.map((message) => {
    if (message.role !== 'tool') return { role: message.role, content: message.content };
    return { role: 'tool', content: message.content.map((part) => ({ id: part.toolCallId, name: part.toolName, output: part.output })) };
  });
}

function sortResultsByCalls(messages: readonly CanonicalMessage[]): CanonicalMessage[] {
  return messages.map((message, index) => {
    if (message.role !== 'tool') return message;
    const previous = messages[index - 1];
    const order = previous?.role === 'assistant' ? previous.content.flatMap((part) => (part.type === 'tool-call' ? [part.toolCallId] : [])) : [];
    return { ...message, content: [...message.content].sort((a, b) => order.indexOf(a.toolCallId) - order.indexOf(b.toolCallId)) };
  });
}

describe('canonical → OpenAI body → canonical', () => {
  it('keeps roles, text, tool ids, names and arguments of conversations with parallel tool calls', () => {
    fc.assert(
      fc.property(conversation, (request) => {
        const body = convertToOpenAIRequest(request, { model: 'gpt-4o', quirks: OPENAI_QUIRKS, stream: false });
        const wire: unknown = JSON.parse(JSON.stringify(body));
        const parsed = parseOpenAIRequest(wire);
        // JSON has no -0 and no undefined: compare against the JSON form of the inputs.
        const expected: unknown = JSON.parse(JSON.stringify(essence(sortResultsByCalls(request.messages))));
        expect(essence(parsed.messages)).toEqual(expected);
        expect(parsed.model).toBe('gpt-4o');
      }),
      { numRuns: 300 },
    );
  });
});
