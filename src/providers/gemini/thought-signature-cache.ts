/** Signatures kept at most; the oldest go first (a long-lived gateway must not grow without end). */
const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Thought signatures Gemini attached to the function calls it made, by tool call id. Anthropic and
 * OpenAI clients have no field to carry them back, so the adapter remembers them and puts each one
 * back on its call when the conversation returns to Gemini (Gemini 3 refuses a current-turn call
 * without its signature). Process-local and bounded: after a restart, or for calls made by another
 * model, the converter falls back to Google's documented skip value.
 */
export class ThoughtSignatureCache {
  readonly #signatures = new Map<string, string>();
  readonly #maxEntries: number;

  constructor(maxEntries = DEFAULT_MAX_ENTRIES) {
    this.#maxEntries = maxEntries;
  }

  remember(toolCallId: string, signature: string): void {
    this.#signatures.delete(toolCallId);
    this.#signatures.set(toolCallId, signature);
    if (this.#signatures.size > this.#maxEntries) {
      const oldest = this.#signatures.keys().next().value;
      if (oldest !== undefined) this.#signatures.delete(oldest);
    }
  }

  get(toolCallId: string): string | undefined {
    return this.#signatures.get(toolCallId);
  }

  get size(): number {
    return this.#signatures.size;
  }
}
