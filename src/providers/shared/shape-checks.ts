/*
 * Building blocks for hand-written checks of provider JSON on the hot path, with the meaning zod
 * gives the same words in the `*-api-schemas.ts` files (`looseObject`, `.nullish()`).
 */

export type Fields = Record<string, unknown>;

/** A JSON object (`z.looseObject`): not null, not an array. */
export const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
export const isNullish = (value: unknown): boolean => value === null || value === undefined;
export const nullishString = (value: unknown): boolean => isNullish(value) || typeof value === 'string';
/** `z.number().nullish()`: zod refuses NaN and ±Infinity. */
export const nullishNumber = (value: unknown): boolean => isNullish(value) || (typeof value === 'number' && Number.isFinite(value));
export const isFiniteNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);

/** Every named field is a string, null or absent. */
export function allNullishStrings(object: Fields, names: readonly string[]): boolean {
  for (const name of names) if (!nullishString(object[name])) return false;
  return true;
}
