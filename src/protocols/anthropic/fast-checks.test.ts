import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAST_CHECKS } from './fast-checks.js';
import { requestSchema, toolResultBlockSchema } from './schemas.js';

// Values near the schemas' edges: each field absent, null, of the right or of a wrong type.
const scalar = fc.oneof(fc.string(), fc.constantFrom('text', 'tool_use', 'tool_result', 'user', 'assistant', 'system', 'custom', 'm'), fc.integer({ min: -2, max: 3 }), fc.double(), fc.constant(2 ** 60), fc.boolean(), fc.constant(null));
const block = fc.record(
  { type: scalar, text: scalar, id: scalar, name: scalar, tool_use_id: scalar, is_error: scalar, input: fc.oneof(scalar, fc.dictionary(fc.string(), scalar), fc.array(scalar)), content: fc.oneof(scalar, fc.array(fc.oneof(scalar, fc.record({ type: scalar })))), extra: scalar },
  { requiredKeys: [] },
);
const content = fc.oneof(scalar, fc.array(fc.oneof(block, scalar), { maxLength: 3 }));
const message = fc.oneof(fc.record({ role: scalar, content, extra: scalar }, { requiredKeys: [] }), scalar);
const request = fc.record(
  {
    model: scalar,
    max_tokens: scalar,
    messages: fc.oneof(fc.array(message, { maxLength: 3 }), scalar),
    system: fc.oneof(scalar, fc.array(block, { maxLength: 2 })),
    tools: fc.oneof(scalar, fc.array(fc.oneof(fc.record({ name: scalar, input_schema: fc.oneof(scalar, fc.dictionary(fc.string(), scalar)), type: scalar, description: scalar, strict: scalar }, { requiredKeys: [] }), scalar), { maxLength: 2 })),
    tool_choice: fc.oneof(scalar, block),
    stop_sequences: fc.oneof(scalar, fc.array(scalar, { maxLength: 2 })),
    temperature: scalar,
    top_p: scalar,
    top_k: scalar,
    metadata: fc.oneof(scalar, fc.record({ user_id: scalar, other: scalar }, { requiredKeys: [] })),
    stream: scalar,
  },
  { requiredKeys: [] },
);

describe('FAST_CHECKS', () => {
  it('accepts only what its schema accepts, and then the value is what the schema parses it to', () => {
    // Many values of each: the checks must never say yes where zod says no.
    const values = fc.oneof(request, message, block, content, scalar);
    let accepted = 0;
    fc.assert(
      fc.property(values, (value) => {
        for (const [schema, check] of FAST_CHECKS) {
          if (!check(value)) continue;
          accepted++;
          const parsed = schema.safeParse(value);
          expect(parsed.success, JSON.stringify(value)).toBe(true);
          expect(parsed.data).toEqual(value);
        }
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('agrees with zod on a valid request with any one field (or one block field) replaced', () => {
    const base = { model: 'claude', max_tokens: 10, stream: true, temperature: 0.5, top_p: 1, top_k: 3, stop_sequences: ['x'], system: [{ type: 'text', text: 's' }], tools: [{ name: 'Read', input_schema: {} }], tool_choice: { type: 'auto' }, metadata: { user_id: 'u' }, messages: [{ role: 'assistant', content: [{ type: 'text', text: 'a' }, { type: 'tool_use', id: 't', name: 'Read', input: {} }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'x', is_error: false }] }] };
    const replacements = [undefined, null, 'text', '', 0, 1, -1, 1.5, 2 ** 60, true, [], {}, ['x'], [1], [{ type: 'text' }], { type: 'x' }, { user_id: 1 }];
    const agree = (schemaValue: unknown) => {
      for (const [schema, check] of FAST_CHECKS) if (check(schemaValue)) expect(schema.safeParse(schemaValue).success, JSON.stringify(schemaValue)).toBe(true);
    };
    for (const field of Object.keys(base)) for (const value of replacements) agree({ ...base, [field]: value });
    const [assistant, user] = base.messages;
    for (const value of replacements) {
      agree({ ...base, messages: [{ ...assistant, role: value }, user] });
      agree({ ...base, messages: [{ ...assistant, content: value }, user] });
      for (const field of ['type', 'text', 'id', 'name', 'input', 'tool_use_id', 'content', 'is_error']) {
        for (const candidate of [...assistant!.content, ...user!.content]) agree({ ...candidate, [field]: value });
      }
    }
    for (const [, check] of FAST_CHECKS) expect(typeof check).toBe('function');
    expect(FAST_CHECKS.get(requestSchema)?.(base)).toBe(true);
  });

  it('says yes to a real request and block, so the fast path is taken', () => {
    const body = { model: 'claude', max_tokens: 10, stream: true, system: [{ type: 'text', text: 's' }], messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'x' }] }], metadata: { user_id: 'u' } };
    expect(FAST_CHECKS.get(requestSchema)?.(body)).toBe(true);
    expect(FAST_CHECKS.get(toolResultBlockSchema)?.(body.messages[0]!.content[0])).toBe(true);
    expect(FAST_CHECKS.get(requestSchema)?.({ ...body, max_tokens: 0 })).toBe(false);
  });
});
