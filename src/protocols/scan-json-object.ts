/** Where one top-level member's value sits in the raw body: `bytes.subarray(start, end)` is its JSON text. */
export interface JsonSpan {
  start: number;
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;

const OBJECT = 1;
const ARRAY = 2;

/** What comes next: a value, a key or `}` (just after `{`), a key (after `,` in an object), a value or `]` (just after `[`), `,` or a close. */
const EXPECT_VALUE = 0;
const EXPECT_KEY_OR_END = 1;
const EXPECT_KEY = 2;
const EXPECT_VALUE_OR_END = 3;
const AFTER_VALUE = 4;

function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function skipWhitespace(bytes: Uint8Array, from: number): number {
  let index = from;
  while (isWhitespace(bytes[index])) index++;
  return index;
}

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66));
}

/** 1 for the bytes a JSON string cannot hold as they are: the quote, the backslash and control characters. */
const STRING_SPECIAL = new Uint8Array(256);
for (let byte = 0; byte < 0x20; byte++) STRING_SPECIAL[byte] = 1;
STRING_SPECIAL[QUOTE] = 1;
STRING_SPECIAL[BACKSLASH] = 1;

/** Index just past the quote ending the string whose content starts at `from`; -1 when the string is not valid JSON. */
function endOfString(bytes: Uint8Array, from: number): number {
  const length = bytes.length;
  for (let index = from; index < length; index++) {
    // Most of a request is plain string content: one table look-up per byte until something special.
    while (index < length && STRING_SPECIAL[bytes[index]!] === 0) index++;
    if (index >= length) return -1;
    const byte = bytes[index]!;
    if (byte === QUOTE) return index + 1;
    if (byte === BACKSLASH) {
      const escaped = bytes[++index];
      if (escaped === 0x75) {
        // \uXXXX
        if (!isHex(bytes[index + 1]) || !isHex(bytes[index + 2]) || !isHex(bytes[index + 3]) || !isHex(bytes[index + 4])) return -1;
        index += 4;
      } else if (escaped !== QUOTE && escaped !== BACKSLASH && escaped !== 0x2f && escaped !== 0x62 && escaped !== 0x66 && escaped !== 0x6e && escaped !== 0x72 && escaped !== 0x74) {
        return -1;
      }
    } else if (byte < 0x20) {
      return -1;
    }
  }
  return -1;
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

/** Index just past the number starting at `from`; -1 when it is not a JSON number. */
function endOfNumber(bytes: Uint8Array, from: number): number {
  let index = from;
  if (bytes[index] === MINUS) index++;
  if (bytes[index] === 0x30) index++;
  else if (isDigit(bytes[index])) while (isDigit(bytes[index])) index++;
  else return -1;
  if (bytes[index] === 0x2e) {
    index++;
    if (!isDigit(bytes[index])) return -1;
    while (isDigit(bytes[index])) index++;
  }
  if (bytes[index] === 0x65 || bytes[index] === 0x45) {
    index++;
    if (bytes[index] === 0x2b || bytes[index] === MINUS) index++;
    if (!isDigit(bytes[index])) return -1;
    while (isDigit(bytes[index])) index++;
  }
  return index;
}

const LITERALS: ReadonlyMap<number, Uint8Array> = new Map([
  [0x74, Buffer.from('true')],
  [0x66, Buffer.from('false')],
  [0x6e, Buffer.from('null')],
]);

/** Index just past the literal (`true`, `false`, `null`) starting at `from`; -1 when there is none. */
function endOfLiteral(bytes: Uint8Array, from: number): number {
  const literal = LITERALS.get(bytes[from]!);
  if (literal === undefined) return -1;
  for (let offset = 1; offset < literal.length; offset++) if (bytes[from + offset] !== literal[offset]) return -1;
  return from + literal.length;
}

/**
 * Checks in one pass over the raw bytes, without building any object, that `bytes` is exactly one
 * valid JSON object nesting no deeper than `maxDepth`, and returns where each of its top-level
 * members' values sits. Undefined when it is not certainly so: invalid JSON, too deep, not an
 * object, a top-level key written with escapes or given twice. The caller then takes the full
 * parse, which words the error; this check never calls valid what JSON.parse would refuse
 * (strings are checked byte by byte for escapes and control characters; UTF-8 is decoded the same
 * lenient way either way).
 */
export function scanJsonObject(bytes: Uint8Array, maxDepth: number): Map<string, JsonSpan> | undefined {
  const length = bytes.length;
  const kinds = new Uint8Array(maxDepth + 1);
  const members = new Map<string, JsonSpan>();
  let index = skipWhitespace(bytes, 0);
  if (bytes[index] !== OPEN_BRACE) return undefined;
  let depth = 0;
  let state = EXPECT_VALUE;
  let key = '';
  let valueStart = 0;

  /** A value of the top-level object ended at `end`. */
  const record = (end: number): boolean => {
    if (members.has(key)) return false;
    members.set(key, { start: valueStart, end });
    return true;
  };

  while (index < length) {
    const byte = bytes[index]!;
    if (isWhitespace(byte)) {
      index++;
      continue;
    }
    switch (state) {
      case EXPECT_VALUE_OR_END:
        if (byte === CLOSE_BRACKET) break;
        state = EXPECT_VALUE;
      // falls through: the array holds a value
      case EXPECT_VALUE: {
        if (depth === 1) valueStart = index;
        if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
          if (++depth > maxDepth) return undefined;
          kinds[depth] = byte === OPEN_BRACE ? OBJECT : ARRAY;
          state = byte === OPEN_BRACE ? EXPECT_KEY_OR_END : EXPECT_VALUE_OR_END;
          index++;
          continue;
        }
        const end = byte === QUOTE ? endOfString(bytes, index + 1) : byte === MINUS || isDigit(byte) ? endOfNumber(bytes, index) : endOfLiteral(bytes, index);
        if (end === -1) return undefined;
        if (depth === 1 && !record(end)) return undefined;
        index = end;
        state = AFTER_VALUE;
        continue;
      }
      case EXPECT_KEY_OR_END:
        if (byte === CLOSE_BRACE) break;
      // falls through: the object holds a member
      case EXPECT_KEY: {
        if (byte !== QUOTE) return undefined;
        const end = endOfString(bytes, index + 1);
        if (end === -1) return undefined;
        if (depth === 1) {
          if (bytes.subarray(index + 1, end - 1).includes(BACKSLASH)) return undefined;
          key = Buffer.from(bytes.buffer, bytes.byteOffset + index + 1, end - index - 2).toString('latin1');
        }
        index = skipWhitespace(bytes, end);
        if (bytes[index] !== COLON) return undefined;
        index++;
        state = EXPECT_VALUE;
        continue;
      }
      case AFTER_VALUE:
        if (byte === COMMA) {
          state = kinds[depth] === OBJECT ? EXPECT_KEY : EXPECT_VALUE;
          index++;
          continue;
        }
        if (byte !== (kinds[depth] === OBJECT ? CLOSE_BRACE : CLOSE_BRACKET)) return undefined;
        break;
    }
    // `byte` closes the innermost object or array.
    if ((byte === CLOSE_BRACE) !== (kinds[depth] === OBJECT)) return undefined;
    depth--;
    index++;
    state = AFTER_VALUE;
    if (depth === 1 && !record(index)) return undefined;
    if (depth === 0) return skipWhitespace(bytes, index) === length ? members : undefined;
  }
  return undefined;
}
