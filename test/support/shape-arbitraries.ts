import fc from 'fast-check';

/*
 * Generators for comparing a hand-written shape check with its zod schema. Each field is usually
 * right and sometimes of any other JSON kind: if wrong values were as likely as right ones, almost
 * every generated object would break some field, and a check that ignored one field would never
 * be caught.
 */

/** Any JSON kind (and absent). */
export const anyField: fc.Arbitrary<unknown> = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant([]), fc.constant({}));

/** Mostly `right`, sometimes any JSON kind. */
export const maybe = <T>(right: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ arbitrary: right, weight: 6 }, { arbitrary: anyField, weight: 1 });

/** A `.nullish()` string field. */
export const nullishStringField = maybe(fc.constantFrom(undefined, null, 'x'));
/** A `.nullish()` number field. */
export const nullishNumberField = maybe(fc.constantFrom(undefined, null, 0, 7));

/** An object whose fields are all optional, or (sometimes) any JSON kind instead. */
export const looseRecord = (fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> => maybe(fc.record(fields, { requiredKeys: [] }));

/** What JSON.parse could have produced from `value` (no undefined values inside). */
export const asParsed = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
