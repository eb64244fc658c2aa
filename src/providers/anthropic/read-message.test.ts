import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anthropicContentBlock, anthropicUsage } from '../../../test/support/anthropic-shape-arbitraries.js';
import { asParsed, looseRecord, maybe, nullishStringField as str } from '../../../test/support/shape-arbitraries.js';
import { anthropicMessageSchema } from './anthropic-api-schemas.js';
import { readMessage } from './read-message.js';

const message = looseRecord({
  id: maybe(fc.constant('msg_1')),
  type: str,
  model: maybe(fc.constant('claude')),
  content: maybe(fc.array(anthropicContentBlock, { maxLength: 3 })),
  stop_reason: str,
  stop_sequence: str,
  usage: anthropicUsage,
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
