/** Deltas gathered before they are joined into one flat block. */
const PIECES_PER_BLOCK = 16;

/**
 * The text a stream has sent the client, kept for a continuation up to `maxChars`: past it nothing is
 * kept (the stream can no longer be continued) but the characters are still counted.
 *
 * Kept as flat blocks of joined deltas, not `text += delta`: that builds a chain of one rope node per
 * delta, each holding its own small string, which for a held-open stream was the largest share of
 * its live heap between events (issue 13).
 */
export class SentText {
  /** Characters sent, all of them, the ones no longer kept included. */
  chars = 0;
  readonly #maxChars: number;
  #blocks: string[] = [];
  #pieces: string[] = [];

  constructor(maxChars: number) {
    this.#maxChars = maxChars;
  }

  append(text: string): void {
    this.chars += text.length;
    if (this.chars > this.#maxChars) {
      this.#blocks.length = 0;
      this.#pieces.length = 0;
      return;
    }
    this.#pieces.push(text);
    if (this.#pieces.length === PIECES_PER_BLOCK) {
      this.#blocks.push(this.#pieces.join(''));
      this.#pieces.length = 0;
    }
  }

  /** The text kept: everything sent, or '' once more than `maxChars` was. */
  text(): string {
    return this.#blocks.join('') + this.#pieces.join('');
  }
}
