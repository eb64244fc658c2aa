import type { ContinuationMethod } from '../providers/provider-adapter.js';
import { endsInWord, seamWords, type SeamWord } from './seam-words.js';

export type { ContinuationMethod };

/**
 * Fewest words a repeated tail must have to count as a repeat. A prefilled model was not asked to
 * repeat anything, so a short overlap is more likely a coincidence (code repeats itself) and more
 * evidence is needed; an instructed model was asked to start with the last words, so a short
 * overlap is that. A continuation that starts with the whole text sent counts whatever its length.
 */
export const MIN_OVERLAP_WORDS: Readonly<Record<ContinuationMethod, number>> = { prefill: 6, instruction: 3 };

/** What the reconciler says about the text fed so far: send `text` now ('' while holding), or give up. */
export type SeamStep = { text: string } | { diverged: string };

/**
 * Joins a continuation to the text the client already has, whatever the continuing model does.
 *
 * The continuation's first words are held until it is clear what they are. Texts are compared as
 * words (seam-words.ts: letters and digits, NFKC, lower case; whitespace and punctuation ignored),
 * and the last word sent may have been cut (`wor` matches `world`):
 * - it repeats the whole text sent (the model started over), or a tail of it of at least
 *   {@link MIN_OVERLAP_WORDS} words reaching to its end: the repeated part is dropped, as is
 *   punctuation the client already has after its last word, and the rest goes out;
 * - it starts the answer over (at least the minimum overlap from the start) and departs from it
 *   before reaching the end: a different answer — `diverged`;
 * - it matches nothing: after prefill it is the continuation and goes out; after an instruction it
 *   ignored the request to start from the last words, so nothing proves it continues this answer —
 *   `diverged`. A continuation with no words at all (punctuation, whitespace) always goes out.
 *
 * Holding lasts while some way of matching is still open: at most the length of the text sent
 * plus a word, and never more than twice the characters sent plus 4096 (then it decides with what
 * it has). When the continuation's text ends first (`end()`: the block closed, a tool call began,
 * the answer finished), its last word counts as whole and the same rules decide; a continuation that
 * stops part-way through repeating the text sent does not reach the seam, so it counts as no match.
 * Whitespace at the seam is normalised: after text ending in whitespace, leading whitespace is dropped.
 */
export class SeamReconciler {
  readonly #sentWords: string[];
  /** Raw length of the last word sent, for a cut word continued by a longer one. */
  readonly #lastSentWordLength: number;
  readonly #sentEndsInWord: boolean;
  /** Punctuation after the last word sent (whitespace removed): not to be sent twice. */
  readonly #sentMarks: string;
  readonly #method: ContinuationMethod;
  readonly #minOverlap: number;
  readonly #holdLimit: number;
  #held = '';
  /** Where the next word of `#held` not yet taken starts. */
  #scanFrom = 0;
  /** Start and end of each word taken from `#held`. */
  readonly #heldWords: Array<{ start: number; end: number }> = [];
  /** Word indexes of the text sent where a repeat may have started and still matches (ascending); undefined before the first word. */
  #candidates: number[] | undefined;
  /** Words of a restart (a repeat from the first word sent) that matched. */
  #restartMatched = 0;
  #decided: boolean;
  #diverged: string | undefined;
  #trimLeading: boolean;

  constructor(sentText: string, method: ContinuationMethod) {
    const words = seamWords(sentText);
    this.#sentWords = words.map((word) => word.word);
    const last = words.at(-1);
    this.#lastSentWordLength = last ? last.end - last.start : 0;
    this.#sentEndsInWord = endsInWord(sentText);
    this.#sentMarks = last ? sentText.slice(last.end).replace(/\s+/g, '') : '';
    this.#method = method;
    this.#minOverlap = MIN_OVERLAP_WORDS[method];
    this.#holdLimit = 2 * sentText.length + 4096;
    // Nothing to repeat when no word was sent.
    this.#decided = words.length === 0;
    this.#trimLeading = /\s$/.test(sentText);
  }

  /** True once the seam is settled: text then passes through unchanged (but for seam whitespace). */
  get decided(): boolean {
    return this.#decided;
  }

  /** Feeds the next piece of the continuation's text. */
  push(delta: string): SeamStep {
    if (this.#diverged !== undefined) return { diverged: this.#diverged };
    if (this.#decided) return { text: this.#seam(delta) };
    this.#held += delta;
    const step = this.#scan(false);
    if (step) return step;
    if (this.#held.length > this.#holdLimit) return this.end();
    return { text: '' };
  }

  /** The continuation's text ended (or something other than text follows): decides with what is held. */
  end(): SeamStep {
    if (this.#diverged !== undefined) return { diverged: this.#diverged };
    if (this.#decided) return { text: '' };
    return this.#scan(true) ?? this.#decideAtEnd();
  }

  /** Takes every word of `#held` not taken yet; a word touching the end is taken only when `final`. */
  #scan(final: boolean): SeamStep | undefined {
    for (const word of seamWords(this.#held, this.#scanFrom)) {
      if (!final && word.end === this.#held.length) break;
      this.#scanFrom = word.end;
      const step = this.#take(word);
      if (step) return step;
    }
    return undefined;
  }

  #take(word: SeamWord): SeamStep | undefined {
    const index = this.#heldWords.length;
    this.#heldWords.push({ start: word.start, end: word.end });
    const count = this.#sentWords.length;
    if (this.#candidates === undefined) {
      this.#candidates = [];
      for (let start = 0; start < count; start++) {
        if ((start === 0 || count - start >= this.#minOverlap) && this.#matches(start, word.word)) this.#candidates.push(start);
      }
    } else {
      // A candidate that already reached the end of the text sent stays: it is complete.
      this.#candidates = this.#candidates.filter((start) => start + index >= count || this.#matches(start + index, word.word));
    }
    if (this.#candidates[0] === 0) this.#restartMatched = index + 1;
    return this.#decide();
  }

  /** Word `index` of the text sent equals `word`; the last one, if cut, is a prefix of it. */
  #matches(index: number, word: string): boolean {
    const sent = this.#sentWords[index]!;
    return index === this.#sentWords.length - 1 && this.#sentEndsInWord ? word.startsWith(sent) : word === sent;
  }

  /** While holding, the longest open repeat wins: decide once it is complete, hold while it is open. */
  #decide(): SeamStep | undefined {
    const longest = this.#candidates?.[0];
    if (longest === undefined) return this.#noRepeat();
    return this.#isComplete(longest) ? this.#repeat(longest) : undefined;
  }

  /** At the end, the longest complete repeat wins; one still open never reached the seam. */
  #decideAtEnd(): SeamStep {
    const longest = this.#candidates?.find((start) => this.#isComplete(start));
    return longest === undefined ? this.#noRepeat() : this.#repeat(longest);
  }

  /** The held words cover the text sent from word `start` to its end. */
  #isComplete(start: number): boolean {
    return start + this.#heldWords.length >= this.#sentWords.length;
  }

  /** The held text repeats the text sent from word `start` to its end: drop that, send the rest. */
  #repeat(start: number): SeamStep {
    const last = this.#heldWords[this.#sentWords.length - start - 1]!;
    let cut = this.#sentEndsInWord ? Math.min(last.end, last.start + this.#lastSentWordLength) : last.end;
    for (const mark of this.#sentMarks) {
      let next = cut;
      while (next < this.#held.length && /\s/.test(this.#held[next]!)) next++;
      if (this.#held[next] !== mark) break;
      cut = next + 1;
    }
    return this.#release(this.#held.slice(cut));
  }

  #noRepeat(): SeamStep {
    if (this.#restartMatched >= this.#minOverlap) {
      return this.#diverge(`the continuing model started the answer over and departed from it after ${this.#restartMatched} words`);
    }
    if (this.#method === 'instruction' && this.#heldWords.length > 0) {
      return this.#diverge('the continuing model did not start from the last words already sent, so its text may belong to a different answer');
    }
    return this.#release(this.#held);
  }

  #release(text: string): SeamStep {
    this.#decided = true;
    this.#held = '';
    return { text: this.#seam(text) };
  }

  #diverge(reason: string): SeamStep {
    this.#diverged = reason;
    this.#held = '';
    return { diverged: reason };
  }

  /** After text ending in whitespace, the continuation's leading whitespace is dropped. */
  #seam(text: string): string {
    if (!this.#trimLeading) return text;
    const trimmed = text.replace(/^\s+/, '');
    if (trimmed !== '') this.#trimLeading = false;
    return trimmed;
  }
}
