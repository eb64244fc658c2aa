/** Throws a RangeError unless `value` is a finite integer > 0; returns it for inline use. */
export function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

/** Throws a RangeError unless `value` is a finite integer ≥ 0; returns it for inline use. */
export function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

/** Throws a RangeError unless `value` is a finite number in [min, max]; returns it for inline use. */
export function numberInRange(value: number, name: string, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) throw new RangeError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}
