import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyField, asParsed, looseRecord, maybe, nullishNumberField as num, nullishStringField as str } from '../../../test/support/shape-arbitraries.js';
import { anthropicMessageSchema } from './anthropic-api-schemas.js';
import { readMessage } from './read-message.js';

const block = looseRecord({
  type: maybe(fc.constantFrom('text', 'tool_use')),
  text: str,
  citations: maybe(fc.constantFrom(undefined, null, [])),
  thinking: str,
  signature: str,
  data: str,
  id: str,
  name: str,
  input: anyField,
});
const usage = looseRecord({
  input_tokens: num,
  cache_creation_input_tokens: num,
  cache_read_input_tokens: num,
  output_tokens: num,
  output_tokens_details: looseRecord({ thinking_tokens: num }),
});
const message = looseRecord({
  id: maybe(fc.constant('msg_1')),
  type: str,
  model: maybe(fc.constant('claude')),
  content: maybe(fc.array(block, { maxLength: 3 })),
  stop_reason: str,
  stop_sequence: str,
  usage,
});

describe('readMessage', () => {
  it('accepts exactly what anthropicMessageSchema accepts', () => {
    fc.assert(
      fc.property(message, (value) => {
        const data = asParsed(value);
        expect(readMessage(data) !== undefined).toBe(anthropicMessageSchema.safeParse(data).success);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the spec samples as they are', () => {
    for (const name of ['response-text.json', 'response-tool-use.json']) {
      const data: unknown = JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
      expect(readMessage(data)).toBe(data);
    }
  });
});
