import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { continuationAnchor } from '../providers/shared/continuation-instruction.js';
import { MIN_OVERLAP_WORDS, SeamReconciler, type ContinuationMethod } from './seam-reconciler.js';
import { seamWords } from './seam-words.js';

/** An answer, the point where its stream broke, and how a continuation is cut into deltas. */
interface Scenario {
  answer: string;
  sent: string;
  rest: string;
  method: ContinuationMethod;
  /** Fractions of the continuation's length where it is cut into deltas. */
  cuts: number[];
  /** Words unrelated to the answer, for continuations that say something else. */
  otherWords: string[];
}

const SEPARATORS = [' ', ' ', ' ', ', ', '. ', '\n', ': '];

/**
 * Answers of distinct words (with a few "the"s between them, so candidates abound): in such a text
 * no run of words appears twice, so what counts as a duplicate is unambiguous.
 */
const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    words: fc.uniqueArray(fc.stringMatching(/^[a-z]{2,9}$/), { minLength: 12, maxLength: 60 }),
    otherWords: fc.uniqueArray(fc.stringMatching(/^[A-Z][a-z]{2,8}$/), { minLength: 3, maxLength: 12 }),
    separators: fc.array(fc.constantFrom(...SEPARATORS), { minLength: 60, maxLength: 60 }),
    articles: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
    cutAt: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    method: fc.constantFrom<ContinuationMethod>('prefill', 'instruction'),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
  })
  .map(({ words, otherWords, separators, articles, cutAt, method, cuts }) => {
    const answer = `${words.map((word, index) => `${articles[index] ? 'the ' : ''}${word}`).reduce((text, word, index) => `${text}${separators[index]}${word}`)}.`;
    const cut = Math.max(1, Math.floor(answer.length * cutAt));
    return { answer, sent: answer.slice(0, cut), rest: answer.slice(cut), method, cuts, otherWords };
  })
  .filter((value) => seamWords(value.sent).length > 0);

/** The continuation fed in deltas, then ended: what the client ends up with, or the divergence. */
function join(value: Scenario, continuation: string): { client: string } | { diverged: string } {
  const reconciler = new SeamReconciler(value.sent, value.method);
  const points = [...new Set(value.cuts.map((fraction) => Math.floor(fraction * continuation.length)))].sort((left, right) => left - right);
  let client = value.sent;
  let from = 0;
  for (const point of [...points, continuation.length]) {
    const step = reconciler.push(continuation.slice(from, point));
    from = point;
    if ('diverged' in step) return step;
    client += step.text;
  }
  const last = reconciler.end();
  if ('diverged' in last) return last;
  return { client: client + last.text };
}

const wordsOf = (text: string) => seamWords(text).map((word) => word.word);
/** The text the client has, as a model writes it when told to start from the last words. */
const anchored = (value: Scenario) => continuationAnchor(value.sent) + value.answer.slice(value.sent.trimEnd().length);
/** The last `count` whitespace-separated pieces of the text sent, as written. */
const tailOf = (text: string, count: number) => text.split(/(?<=\s)(?=\S)/).slice(-count).join('');

const RUNS = { numRuns: 800 };

describe('SeamReconciler properties: the client gets the answer once, or an honest error', () => {
  it('an exact continuation (a real prefill, or an instruction followed to the letter) gives the answer exactly', () => {
    fc.assert(
      fc.property(scenario, (value) => {
        const continuation = value.method === 'prefill' ? value.rest : anchored(value);
        const result = join(value, continuation);
        expect(result).toHaveProperty('client');
        if (value.method === 'prefill') expect((result as { client: string }).client).toBe(value.answer);
        else expect(wordsOf((result as { client: string }).client)).toEqual(wordsOf(value.answer));
      }),
      RUNS,
    );
  });

  it('a model that answers the whole question again gives the answer once', () => {
    fc.assert(
      fc.property(scenario, (value) => {
        const result = join(value, value.answer);
        expect(result).toEqual({ client: expect.any(String) });
        expect(wordsOf((result as { client: string }).client)).toEqual(wordsOf(value.answer));
      }),
      RUNS,
    );
  });

  it('a repeat with different whitespace and line breaks gives the answer once', () => {
    fc.assert(
      fc.property(scenario, fc.constantFrom('\n', '  ', '\n\n', ' \t'), (value, spacing) => {
        const result = join(value, value.answer.replaceAll(' ', spacing));
        expect(wordsOf((result as { client: string }).client)).toEqual(wordsOf(value.answer));
      }),
      RUNS,
    );
  });

  it('a repeated tail of at least the minimum overlap gives the answer once', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 6 }), (value, extra) => {
        const available = value.sent.split(/(?<=\s)(?=\S)/).length;
        const count = Math.min(available, MIN_OVERLAP_WORDS[value.method] + extra);
        const result = join(value, tailOf(value.sent, count) + value.rest);
        expect(wordsOf((result as { client: string }).client)).toEqual(wordsOf(value.answer));
      }),
      RUNS,
    );
  });

  it('a model that starts over and then says something else is an error, never a splice', () => {
    fc.assert(
      fc.property(scenario, fc.double({ min: 0, max: 1, noNaN: true }), (value, share) => {
        const sentWords = value.sent.split(/(?<=\s)(?=\S)/);
        const minimum = MIN_OVERLAP_WORDS[value.method];
        fc.pre(sentWords.length > minimum + 1);
        // Shares at least the minimum overlap with the start, and departs before the cut.
        const shared = minimum + Math.floor(share * (sentWords.length - minimum - 1));
        // The other answer departs at word `shared`: its first word must not be that word, nor (when
        // the text sent was cut inside it) a longer word it could be the start of.
        const nextSent = wordsOf(sentWords[shared]!)[0];
        fc.pre(nextSent === undefined || !wordsOf(value.otherWords[0]!)[0]!.startsWith(nextSent));
        const departed = `${sentWords.slice(0, shared).join('').trimEnd()} ${value.otherWords.join(' ')}.`;
        expect(join(value, departed)).toEqual({ diverged: expect.stringContaining('started the answer over') });
      }),
      RUNS,
    );
  });

  it('an unrelated answer is an error after an instruction, and taken as the continuation after prefill', () => {
    fc.assert(
      fc.property(scenario, (value) => {
        const other = ` ${value.otherWords.join(' ')}.`;
        const result = join(value, other);
        if (value.method === 'instruction') expect(result).toEqual({ diverged: expect.any(String) });
        else expect(wordsOf((result as { client: string }).client)).toEqual([...wordsOf(value.sent), ...wordsOf(other)]);
      }),
      RUNS,
    );
  });

  it('never depends on how the continuation is cut into deltas', () => {
    const continuation = fc.constantFrom('rest', 'answer', 'anchored', 'other');
    fc.assert(
      fc.property(scenario, continuation, (value, kind) => {
        const text = kind === 'rest' ? value.rest : kind === 'answer' ? value.answer : kind === 'anchored' ? anchored(value) : ` ${value.otherWords.join(' ')}`;
        expect(join(value, text)).toEqual(join({ ...value, cuts: [] }, text));
      }),
      RUNS,
    );
  });
});
