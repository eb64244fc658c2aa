import type { UpstreamResponse } from './upstream-client.js';

/** Reads a whole (non-streamed) upstream body as text. */
export async function readBodyText(response: UpstreamResponse): Promise<string> {
  return response.body.text();
}
