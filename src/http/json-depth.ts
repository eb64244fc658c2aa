const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * True when the JSON text in `bytes` nests objects and arrays deeper than `maxDepth`. A single
 * pass without recursion over the raw bytes, counting brackets outside strings; a string's
 * content is skipped with a native search for its closing quote (most of a real request is
 * string content), so the scan costs a fraction of the parse. It does not validate: malformed
 * text is JSON.parse's to refuse.
 */
export function jsonDepthExceeds(bytes: Buffer, maxDepth: number): boolean {
  let depth = 0;
  const length = bytes.length;
  for (let index = 0; index < length; index++) {
    const byte = bytes[index]!;
    if (byte === QUOTE) {
      index = closingQuote(bytes, index + 1);
      if (index === -1) return false;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** Index of the quote that ends the string whose content starts at `from`; -1 when it never ends. */
function closingQuote(bytes: Buffer, from: number): number {
  for (let candidate = bytes.indexOf(QUOTE, from); candidate !== -1; candidate = bytes.indexOf(QUOTE, candidate + 1)) {
    // Escaped when an odd number of backslashes precede it.
    let backslashes = 0;
    while (bytes[candidate - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return candidate;
  }
  return -1;
}
