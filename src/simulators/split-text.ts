/**
 * Splits `text` into at most `count` consecutive non-empty pieces that join back to `text`.
 * Cuts prefer word boundaries so deltas look like real token runs.
 */
export function splitText(text: string, count: number): string[] {
  const pieces = Math.max(1, Math.min(Math.floor(count), text.length));
  if (pieces <= 1) return [text];
  const result: string[] = [];
  let start = 0;
  for (let piece = 1; piece < pieces; piece++) {
    const target = Math.round((text.length * piece) / pieces);
    let cut = target;
    // Look a few characters back for a space so a word is not cut in half when avoidable.
    for (let back = 0; back < 4 && cut - back > start + 1; back++) {
      if (text[cut - back] === ' ') {
        cut -= back;
        break;
      }
    }
    if (cut <= start) cut = start + 1;
    // Never cut between the halves of a surrogate pair: real providers send whole characters.
    if (isLowSurrogate(text.charCodeAt(cut))) cut++;
    if (cut >= text.length) break;
    result.push(text.slice(start, cut));
    start = cut;
  }
  result.push(text.slice(start));
  return result;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
