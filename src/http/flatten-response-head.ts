import type { ServerResponse } from 'node:http';

/**
 * Flattens the response head Node built in writeHead. Node keeps it (`_header`) for the response's
 * whole life, built by `+=`: a rope of ~300 small strings for a stream's head with Lifeline's and the
 * provider's headers, ~12 KB of live heap per open stream (issue 13). Reading its characters makes
 * V8 flatten the rope in place (one ~1 KB string, the pieces freed); nothing is written, and a Node
 * that names the field differently only loses the saving.
 */
export function flattenResponseHead(response: ServerResponse): void {
  const head = (response as unknown as { _header?: unknown })._header;
  // The result is used so that an optimising compiler cannot drop the read.
  if (typeof head === 'string' && head.charCodeAt(0) !== 0x48 /* 'H' of 'HTTP/1.1' */) return;
}
