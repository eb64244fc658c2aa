/** A string field of a not-yet-validated JSON body (used to match faults before validation). */
export function stringField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** True when a not-yet-validated JSON body has `"stream": true`. */
export function isStreamRequest(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  return (body as Record<string, unknown>).stream === true;
}

/** True when the JSON body object has own property `name`. */
export function hasField(body: unknown, name: string): boolean {
  return typeof body === 'object' && body !== null && Object.prototype.hasOwnProperty.call(body, name);
}
