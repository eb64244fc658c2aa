import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedRequest } from './types.js';

/** Flattens Node's header object to one string per lower-case name. */
export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Keeps received requests in order, dropping the oldest past `maxRequests`. */
export class RequestRecorder {
  #requests: RecordedRequest[] = [];
  readonly #maxRequests: number;

  constructor(maxRequests: number) {
    this.#maxRequests = Math.max(1, maxRequests);
  }

  record(request: RecordedRequest): void {
    this.#requests.push(request);
    if (this.#requests.length > this.#maxRequests) this.#requests.shift();
  }

  /** A copy of the recorded list (callers may keep it while more arrive). */
  list(): RecordedRequest[] {
    return this.#requests.slice();
  }

  clear(): void {
    this.#requests = [];
  }
}
