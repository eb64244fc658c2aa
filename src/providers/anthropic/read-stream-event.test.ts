import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anthropicStreamEventSchema } from './anthropic-api-schemas.js';
import { readStreamEvent } from './read-stream-event.js';

/** Values of every JSON kind, so each field is tried with right and wrong types. */
const anyField = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);

const usage = fc.oneof(
  anyField,
  fc.record(
    {
      input_tokens: anyField,
      cache_creation_input_tokens: anyField,
      cache_read_input_tokens: anyField,
      output_tokens: fc.oneof(anyField, fc.nat()),
      output_tokens_details: fc.oneof(anyField, fc.record({ thinking_tokens: anyField }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  ),
);

const object = (fields: Record<string, fc.Arbitrary<unknown>>) => fc.oneof(anyField, fc.record(fields, { requiredKeys: [] }));

const event = fc.record(
  {
    type: fc.constantFrom('message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop', 'ping', 'error', 'other'),
    index: fc.oneof(anyField, fc.nat()),
    message: object({ id: anyField, model: anyField, usage }),
    content_block: object({
      type: fc.oneof(anyField, fc.constantFrom('text', 'tool_use')),
      text: anyField,
      citations: anyField,
      thinking: anyField,
      signature: anyField,
      data: anyField,
      id: anyField,
      name: anyField,
      input: anyField,
    }),
    delta: object({ type: anyField, text: anyField, thinking: anyField, signature: anyField, partial_json: anyField, stop_reason: anyField, stop_sequence: anyField }),
    usage,
    error: object({ type: anyField, message: anyField, details: object({ error_code: anyField }) }),
  },
  { requiredKeys: ['type'] },
);

describe('readStreamEvent', () => {
  it('accepts exactly what anthropicStreamEventSchema accepts', () => {
    fc.assert(
      fc.property(event, (value) => {
        // Round-trip through JSON: events come from JSON.parse (no undefined values).
        const data: unknown = JSON.parse(JSON.stringify(value));
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
