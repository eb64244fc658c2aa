import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asParsed, looseRecord, maybe, nullishNumberField as num, nullishStringField as str } from '../../../test/support/shape-arbitraries.js';
import { openaiChunkSchema, openaiResponseSchema } from './openai-api-schemas.js';
import { readChatCompletion, readChunk } from './openai-shapes.js';

const usage = looseRecord({
  prompt_tokens: num,
  completion_tokens: num,
  total_tokens: num,
  prompt_tokens_details: looseRecord({ cached_tokens: num, cache_write_tokens: num }),
  completion_tokens_details: looseRecord({ reasoning_tokens: num }),
});
const toolCall = looseRecord({ index: num, id: str, type: str, function: looseRecord({ name: str, arguments: str }) });
const toolCalls = maybe(fc.array(toolCall, { maxLength: 2 }));
const envelope = { id: str, created: num, model: str, usage, service_tier: str, system_fingerprint: str };

const response = looseRecord({
  ...envelope,
  choices: maybe(
    fc.array(
      looseRecord({
        index: num,
        finish_reason: str,
        message: looseRecord({ role: str, refusal: str, tool_calls: toolCalls, content: fc.oneof(str, maybe(fc.array(looseRecord({ type: str, text: str }), { maxLength: 2 }))) }),
      }),
      { maxLength: 2 },
    ),
  ),
});
const chunk = looseRecord({
  ...envelope,
  choices: maybe(fc.array(looseRecord({ index: num, finish_reason: str, delta: looseRecord({ role: str, content: str, refusal: str, tool_calls: toolCalls }) }), { maxLength: 2 })),
});

describe('openai shape checks', () => {
  it('readChatCompletion accepts exactly what openaiResponseSchema accepts', () => {
    fc.assert(
      fc.property(response, (value) => {
        const data = asParsed(value);
        expect(readChatCompletion(data) !== undefined).toBe(openaiResponseSchema.safeParse(data).success);
      }),
      { numRuns: 3000 },
    );
  });

  it('readChunk accepts exactly what openaiChunkSchema accepts', () => {
    fc.assert(
      fc.property(chunk, (value) => {
        const data = asParsed(value);
        expect(readChunk(data) !== undefined).toBe(openaiChunkSchema.safeParse(data).success);
      }),
      { numRuns: 3000 },
    );
  });
});
