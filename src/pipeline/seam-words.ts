/** One word of a text: where it sits in the raw text, and the form words are compared in. */
export interface SeamWord {
  /** NFKC, lower case: "Hello" and "hello", "ｆｕｌｌ" and "full" compare equal. */
  word: string;
  start: number;
  end: number;
}

/**
 * Words are runs of letters, digits and combining marks; everything else (whitespace, punctuation,
 * Markdown, code symbols) only separates them and is ignored when texts are compared. Chinese and
 * Japanese characters, written without spaces, count one word each.
 */
const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}\p{M}])+/gu;
const WORD_CHARACTER_AT_END = /[\p{L}\p{N}\p{M}]$/u;

/** The words of `text` from index `from` on, in order. */
export function seamWords(text: string, from = 0): SeamWord[] {
  const words: SeamWord[] = [];
  WORD.lastIndex = from;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    words.push({ word: match[0].normalize('NFKC').toLowerCase(), start: match.index, end: match.index + match[0].length });
  }
  return words;
}

/** True when `text` ends inside a word: its last word may have been cut and continue in the next text. */
export function endsInWord(text: string): boolean {
  return WORD_CHARACTER_AT_END.test(text);
}
