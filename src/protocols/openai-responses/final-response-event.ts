/** Event types that carry a finished Response object (`response.failed` ones are not kept). */
const FINAL_EVENTS = ['"response.completed"', '"response.incomplete"'];

/**
 * The Response object of a `response.completed` or `response.incomplete` event in `text` (SSE as
 * sent to the client: whole events, `data:` lines of JSON), or undefined when it holds none. A
 * cheap substring test first, since this looks at every batch of every Responses stream.
 */
export function finalResponseInEvents(text: string): Record<string, unknown> | undefined {
  if (!FINAL_EVENTS.some((type) => text.includes(type))) return undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (!FINAL_EVENTS.some((type) => data.includes(type))) continue;
    try {
      const event = JSON.parse(data) as { type?: unknown; response?: unknown };
      if ((event.type === 'response.completed' || event.type === 'response.incomplete') && event.response !== null && typeof event.response === 'object') {
        return event.response as Record<string, unknown>;
      }
    } catch {
      // Not an event of ours (a frame cut by the provider): nothing to keep from it.
    }
  }
  return undefined;
}
