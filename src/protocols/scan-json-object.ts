/** Where one top-level member's value sits in the raw body: bytes `start` to `end` (absolute offsets) are its JSON text. */
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

/**
 * What comes next: the opening `{`; a value; a key or `}` (just after `{`); a key (after `,` in an
 * object); a value or `]` (just after `[`); `,` or a close; the `:` after a key; nothing but
 * whitespace (the object has closed).
 */
const EXPECT_OBJECT = 0;
const EXPECT_VALUE = 1;
const EXPECT_KEY_OR_END = 2;
const EXPECT_KEY = 3;
const EXPECT_VALUE_OR_END = 4;
const AFTER_VALUE = 5;
const EXPECT_COLON = 6;
const CLOSED = 7;

/** Inside a string: no escape under way, just after a backslash, or 1–4 hex digits of `\uXXXX` still to come. */
const NO_ESCAPE = 0;
const ESCAPE_STARTED = 5;

/**
 * Longest number or literal carried over to the next chunk. A longer token cut by a chunk's end is
 * refused (the full parse then decides), so a hostile body of one huge number is never copied again
 * with every chunk.
 */
const MAX_CARRY_BYTES = 64;


function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66));
}

function isSimpleEscape(byte: number | undefined): boolean {
  return byte === QUOTE || byte === BACKSLASH || byte === 0x2f || byte === 0x62 || byte === 0x66 || byte === 0x6e || byte === 0x72 || byte === 0x74;
}

/** 1 for the bytes a JSON string cannot hold as they are: the quote, the backslash and control characters. */
const STRING_SPECIAL = new Uint8Array(256);
for (let byte = 0; byte < 0x20; byte++) STRING_SPECIAL[byte] = 1;
STRING_SPECIAL[QUOTE] = 1;
STRING_SPECIAL[BACKSLASH] = 1;

/**
 * Index just past the quote ending the string whose content continues at `from`, `escape` being the
 * escape under way there (NO_ESCAPE, ESCAPE_STARTED or hex digits still to come); -1 when the string
 * is not valid JSON; when the chunk ends first, {@link needsMore} of the escape under way at its end.
 * A plain function, not a method: it runs for every string of the body.
 */
function endOfString(bytes: Uint8Array, from: number, escape: number): number {
  const length = bytes.length;
  let index = from;
  for (;;) {
    // An escape under way, possibly begun in the previous chunk.
    while (escape !== NO_ESCAPE) {
      if (index >= length) return needsMore(escape);
      const byte = bytes[index++];
      if (escape === ESCAPE_STARTED) {
        if (byte === 0x75) escape = 4;
        else if (isSimpleEscape(byte)) escape = NO_ESCAPE;
        else return -1;
      } else if (isHex(byte)) {
        escape--;
      } else {
        return -1;
      }
    }
    // Most of a request is plain string content: one table look-up per byte until something special.
    while (index < length && STRING_SPECIAL[bytes[index]!] === 0) index++;
    if (index >= length) return needsMore(NO_ESCAPE);
    const byte = bytes[index]!;
    if (byte === QUOTE) return index + 1;
    if (byte !== BACKSLASH) return -1;
    escape = ESCAPE_STARTED;
    index++;
  }
}

/** {@link endOfString}'s answer when the chunk ends inside the string with `escape` under way: -2 to -7. */
function needsMore(escape: number): number {
  return -2 - escape;
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

/** Index just past the number starting at `from`; -1 when it is not a JSON number (or the chunk ended inside it). */
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

/** Index just past the literal (`true`, `false`, `null`) starting at `from`; -1 when there is none (or the chunk ended inside it). */
function endOfLiteral(bytes: Uint8Array, from: number): number {
  const literal = LITERALS.get(bytes[from]!);
  if (literal === undefined) return -1;
  for (let offset = 1; offset < literal.length; offset++) if (bytes[from + offset] !== literal[offset]) return -1;
  return from + literal.length;
}

/**
 * Checks, chunk by chunk as the body arrives and without building any object or joining the
 * chunks, that the body is exactly one valid JSON object nesting no deeper than `maxDepth`, and
 * records where each of its top-level members' values sits (absolute offsets into the whole
 * body). {@link end} answers undefined when it is not certainly so: invalid JSON, too deep, not an
 * object, a top-level key written with escapes or given twice. The caller then takes the full
 * parse, which words the error; this check never calls valid what JSON.parse would refuse (strings
 * are checked byte by byte for escapes and control characters; UTF-8 is decoded the same lenient
 * way either way). A string may end in the next chunk; a number or literal cut by a chunk's end is
 * carried over and read again with the next chunk (a few bytes).
 */
/** Depth slots a scanner starts with: 48 bytes stay on V8's heap (see `#kinds`). */
const INITIAL_DEPTH_SLOTS = 48;

export class JsonObjectScanner {
  readonly #maxDepth: number;
  /**
   * The kind of container open at each depth. Starts small and grows to `maxDepth + 1` only for a
   * deep body: V8 keeps a typed array of up to 64 bytes on its heap, a larger one (129 bytes at the
   * default depth) gets an off-heap store that every request allocated and the GC swept.
   */
  #kinds: Uint8Array;
  readonly #members = new Map<string, JsonSpan>();
  #failed = false;
  #depth = 0;
  #state = EXPECT_OBJECT;
  /** Absolute offset of the next chunk's first byte. */
  #offset = 0;
  /** A number or literal the last chunk ended inside, read again in front of the next one. */
  #carry: Buffer | undefined;
  #inString = false;
  #stringIsKey = false;
  #escape = NO_ESCAPE;
  /** The part of a top-level key that earlier chunks held. */
  #keyText = '';
  #key = '';
  #valueStart = 0;

  constructor(maxDepth: number) {
    this.#maxDepth = maxDepth;
    this.#kinds = new Uint8Array(Math.min(maxDepth + 1, INITIAL_DEPTH_SLOTS));
  }

  #growKinds(): Uint8Array {
    const grown = new Uint8Array(this.#maxDepth + 1);
    grown.set(this.#kinds);
    this.#kinds = grown;
    return grown;
  }

  /** The top-level members whose values have ended so far (all of them once {@link end} answers). */
  get members(): ReadonlyMap<string, JsonSpan> {
    return this.#members;
  }

  /** True once the body is known not to be a valid object (or the caller stopped the scan). */
  get failed(): boolean {
    return this.#failed;
  }

  /** Stops scanning: the caller has decided it will parse the body in full anyway. */
  stop(): void {
    this.#failed = true;
  }

  /** Scans the next chunk of the body. */
  write(chunk: Buffer): void {
    if (this.#failed) return;
    const carry = this.#carry;
    this.#carry = undefined;
    this.#scan(carry === undefined ? chunk : Buffer.concat([carry, chunk]), false);
  }

  /** The top-level members once the whole body has been written, or undefined when it is not certainly one valid object. */
  end(): ReadonlyMap<string, JsonSpan> | undefined {
    if (!this.#failed && this.#carry !== undefined) {
      const carry = this.#carry;
      this.#carry = undefined;
      this.#scan(carry, true);
    }
    return this.#failed || this.#inString || this.#state !== CLOSED ? undefined : this.#members;
  }

  #fail(): void {
    this.#failed = true;
  }

  /** A top-level key as written; false for one written with escapes, left to the full parse, which decodes it. */
  #takeKey(key: string): boolean {
    if (key.includes('\\')) return false;
    this.#key = key;
    return true;
  }

  /** A value of the top-level object ended at absolute offset `end`. */
  #record(end: number): boolean {
    if (this.#members.has(this.#key)) return false;
    this.#members.set(this.#key, { start: this.#valueStart, end });
    return true;
  }

  #scan(bytes: Buffer, final: boolean): void {
    const length = bytes.length;
    const base = this.#offset;
    let kinds = this.#kinds;
    let index = 0;
    // The hot state lives in locals while the chunk is read, and goes back to the fields at its end.
    let depth = this.#depth;
    let state = this.#state;
    let inString = this.#inString;
    let stringIsKey = this.#stringIsKey;
    let escape = this.#escape;
    scan: while (index < length) {
      // Only at a chunk's start: a string the previous chunk ended inside (other strings are read where they open).
      if (inString) {
        const end = endOfString(bytes, index, escape);
        if (end < -1) {
          escape = -2 - end;
          if (stringIsKey && depth === 1) this.#keyText += bytes.toString('latin1', 0, length);
          break;
        }
        if (end === -1) return this.#fail();
        inString = false;
        escape = NO_ESCAPE;
        if (stringIsKey) {
          if (depth === 1 && !this.#takeKey(this.#keyText + bytes.toString('latin1', 0, end - 1))) return this.#fail();
          state = EXPECT_COLON;
        } else {
          if (depth === 1 && !this.#record(base + end)) return this.#fail();
          state = AFTER_VALUE;
        }
        index = end;
        continue;
      }
      const byte = bytes[index]!;
      if (isWhitespace(byte)) {
        index++;
        continue;
      }
      switch (state) {
        case CLOSED:
          return this.#fail();
        case EXPECT_COLON:
          if (byte !== COLON) return this.#fail();
          state = EXPECT_VALUE;
          index++;
          continue;
        case EXPECT_OBJECT:
          if (byte !== OPEN_BRACE) return this.#fail();
          state = EXPECT_VALUE;
          continue;
        case EXPECT_VALUE_OR_END:
          if (byte === CLOSE_BRACKET) break;
          state = EXPECT_VALUE;
        // falls through: the array holds a value
        case EXPECT_VALUE: {
          if (depth === 1) this.#valueStart = base + index;
          if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
            if (++depth > this.#maxDepth) return this.#fail();
            if (depth === kinds.length) kinds = this.#growKinds();
            kinds[depth] = byte === OPEN_BRACE ? OBJECT : ARRAY;
            state = byte === OPEN_BRACE ? EXPECT_KEY_OR_END : EXPECT_VALUE_OR_END;
            index++;
            continue;
          }
          if (byte === QUOTE) {
            const end = endOfString(bytes, index + 1, NO_ESCAPE);
            if (end >= 0) {
              if (depth === 1 && !this.#record(base + end)) return this.#fail();
              index = end;
              state = AFTER_VALUE;
              continue;
            }
            if (end === -1) return this.#fail();
            inString = true;
            stringIsKey = false;
            escape = -2 - end;
            break scan;
          }
          const end = byte === MINUS || isDigit(byte) ? endOfNumber(bytes, index) : endOfLiteral(bytes, index);
          if ((end === -1 || end >= length) && !final && length - index <= MAX_CARRY_BYTES) {
            // The chunk may have cut the token: read it again with the next chunk.
            this.#carry = bytes.subarray(index);
            this.#save(depth, state, inString, stringIsKey, escape, base + index);
            return;
          }
          if (end === -1) return this.#fail();
          if (depth === 1 && !this.#record(base + end)) return this.#fail();
          index = end;
          state = AFTER_VALUE;
          continue;
        }
        case EXPECT_KEY_OR_END:
          if (byte === CLOSE_BRACE) break;
        // falls through: the object holds a member
        case EXPECT_KEY: {
          if (byte !== QUOTE) return this.#fail();
          const end = endOfString(bytes, index + 1, NO_ESCAPE);
          if (end >= 0) {
            if (depth === 1 && !this.#takeKey(bytes.toString('latin1', index + 1, end - 1))) return this.#fail();
            index = end;
            state = EXPECT_COLON;
            continue;
          }
          if (end === -1) return this.#fail();
          inString = true;
          stringIsKey = true;
          escape = -2 - end;
          if (depth === 1) this.#keyText = bytes.toString('latin1', index + 1, length);
          break scan;
        }
        case AFTER_VALUE:
          if (byte === COMMA) {
            state = kinds[depth] === OBJECT ? EXPECT_KEY : EXPECT_VALUE;
            index++;
            continue;
          }
          if (byte !== (kinds[depth] === OBJECT ? CLOSE_BRACE : CLOSE_BRACKET)) return this.#fail();
          break;
      }
      // `byte` closes the innermost object or array.
      if ((byte === CLOSE_BRACE) !== (kinds[depth] === OBJECT)) return this.#fail();
      depth--;
      index++;
      state = depth === 0 ? CLOSED : AFTER_VALUE;
      if (depth === 1 && !this.#record(base + index)) return this.#fail();
    }
    this.#save(depth, state, inString, stringIsKey, escape, base + length);
  }

  #save(depth: number, state: number, inString: boolean, stringIsKey: boolean, escape: number, offset: number): void {
    this.#depth = depth;
    this.#state = state;
    this.#inString = inString;
    this.#stringIsKey = stringIsKey;
    this.#escape = escape;
    this.#offset = offset;
  }
}

/** {@link JsonObjectScanner} over one buffer holding the whole body. */
export function scanJsonObject(bytes: Uint8Array, maxDepth: number): ReadonlyMap<string, JsonSpan> | undefined {
  const scanner = new JsonObjectScanner(maxDepth);
  scanner.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  return scanner.end();
}
