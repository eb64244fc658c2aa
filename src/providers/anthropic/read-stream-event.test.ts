import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anthropicContentBlock, anthropicUsage } from '../../../test/support/anthropic-shape-arbitraries.js';
import { asParsed, looseRecord, maybe, nullishStringField as str } from '../../../test/support/shape-arbitraries.js';
import { anthropicStreamEventSchema } from './anthropic-api-schemas.js';
import { readStreamEvent } from './read-stream-event.js';

const event = fc.record(
  {
    type: fc.constantFrom('message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop', 'ping', 'error', 'other'),
    index: maybe(fc.nat()),
    message: looseRecord({ id: str, model: str, usage: anthropicUsage }),
    content_block: anthropicContentBlock,
    delta: looseRecord({ type: maybe(fc.constantFrom('text_delta')), text: str, thinking: str, signature: str, partial_json: str, stop_reason: str, stop_sequence: str }),
    usage: anthropicUsage,
    error: looseRecord({ type: str, message: str, details: looseRecord({ error_code: str }) }),
  },
  { requiredKeys: ['type'] },
);

describe('readStreamEvent', () => {
  it('accepts exactly what anthropicStreamEventSchema accepts', () => {
    fc.assert(
      fc.property(event, (value) => {
        // Round-trip through JSON: events come from JSON.parse (no undefined values).
        const data = asParsed(value);
        expect(readStreamEvent(data) !== undefined).toBe(anthropicStreamEventSchema.safeParse(data).success);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts the usual events and rejects a wrong field type with the value untouched', () => {
    const start = { type: 'message_start', message: { id: 'msg_1', model: 'claude', usage: { input_tokens: 3, output_tokens: 1 }, content: [] } };
    expect(readStreamEvent(start)).toBe(start);
    expect(readStreamEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })).toBeDefined();
    expect(readStreamEvent({ type: 'content_block_start', index: '0', content_block: { type: 'text' } })).toBeUndefined();
    expect(readStreamEvent({ type: 'message_delta', delta: { stop_reason: 7 } })).toBeUndefined();
    expect(readStreamEvent([{ type: 'ping' }])).toBeUndefined();
  });
});
