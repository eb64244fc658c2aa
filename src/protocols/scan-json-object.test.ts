import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonObjectScanner, scanJsonObject } from './scan-json-object.js';

const scan = (text: string, maxDepth = 64) => scanJsonObject(Buffer.from(text), maxDepth);
const valueOf = (text: string, member: string) => {
  const span = scan(text)?.get(member);
  return span === undefined ? undefined : text.slice(span.start, span.end);
};

describe('scanJsonObject', () => {
  it('finds the text of each top-level value, whatever it holds', () => {
    const text = ' { "model" : "claude-sonnet-4-5", "stream":true, "messages":[{"role":"user","content":"hi \\"there\\" \\u00e9"}], "n": -1.5e+3, "x": null, "o": {} } ';
    expect(valueOf(text, 'model')).toBe('"claude-sonnet-4-5"');
    expect(valueOf(text, 'stream')).toBe('true');
    expect(valueOf(text, 'messages')).toBe('[{"role":"user","content":"hi \\"there\\" \\u00e9"}]');
    expect(valueOf(text, 'n')).toBe('-1.5e+3');
    expect(valueOf(text, 'x')).toBe('null');
    expect(valueOf(text, 'o')).toBe('{}');
    expect([...(scan(text)?.keys() ?? [])]).toEqual(['model', 'stream', 'messages', 'n', 'x', 'o']);
    expect(scan('{}')?.size).toBe(0);
  });

  it('refuses what JSON.parse refuses, and what is not one object', () => {
    for (const text of [
      '', '{', '{"a":1', '{"a":1}}', '{"a":1} x', '{"a" 1}', '{"a":1,}', '{,"a":1}', '{"a":[1,]}', '{"a":[,1]}',
      '{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":1e}', '{"a":-}', '{"a":tru}', '{"a":nul}', '{"a":"\\x"}', '{"a":"\\u12g4"}',
      '{"a":"line\nbreak"}', '{"a":"unterminated}', '{a:1}', "{'a':1}", '{"a":[1}', '{"a":{]}', '{"a":1 "b":2}', '{"a":NaN}',
    ]) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(scan(text), text).toBeUndefined();
    }
    for (const text of ['[]', '"x"', '1', 'null']) expect(scan(text), text).toBeUndefined();
  });

  it('hands over to the full parse what it cannot be sure of: too deep, a top-level key repeated or escaped', () => {
    expect(scan('{"a":[[[1]]]}', 3)).toBeUndefined();
    expect(scan('{"a":[[1]]}', 3)?.has('a')).toBe(true);
    expect(scan('{"model":"a","model":"b"}')).toBeUndefined();
    expect(scan('{"mod\\u0065l":"a"}')).toBeUndefined();
    // Repeats and escapes deeper down are the conversation's business, not routing's.
    expect(scan('{"m":[{"k":1,"k":2,"\\u0065":3}]}')?.has('m')).toBe(true);
  });

  it('follows nesting past the depth slots it starts with, up to the limit and not beyond', () => {
    // 128 levels (the default limit): the object, then 127 mixed containers, closed in the right order.
    const opens = Array.from({ length: 127 }, (_, level) => (level % 3 === 0 ? '{"k":' : '['));
    const closes = opens.map((open) => (open === '[' ? ']' : '}')).reverse();
    const deep = `{"m":${opens.join('')}1${closes.join('')}}`;
    expect(scan(deep, 128)?.has('m')).toBe(true);
    expect(scan(deep, 127)).toBeUndefined();
    // A wrong closer at the deepest level is still seen, after the slots have grown.
    expect(closes[0]).toBe('}');
    const crossed = `{"m":${opens.join('')}1]${closes.slice(1).join('')}}`;
    expect(scan(crossed, 128)).toBeUndefined();
    expect(scanInChunks(deep, [60, 61, 200], 128)?.has('m')).toBe(true);
    expect(scanInChunks(crossed, [60, 300], 128)).toBeUndefined();
  });

  it('agrees with JSON.parse on any JSON object, and on any text', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const text = JSON.stringify(object, null, object['pretty'] === undefined ? undefined : 1);
        const spans = scan(text, 1000);
        // A key that needs escapes is left to the full parse.
        if (Object.keys(object).some((key) => JSON.stringify(key).includes('\\'))) {
          expect(spans).toBeUndefined();
          return;
        }
        expect(spans).toBeDefined();
        for (const [key, value] of Object.entries(object)) {
          const span = spans?.get(key);
          expect(span).toBeDefined();
          expect(JSON.parse(text.slice(span!.start, span!.end))).toEqual(JSON.parse(JSON.stringify(value)));
        }
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', '1', '-', 'e', '.', 'n', 't', 'u', ' ', 'a', '\n') }), (text) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          expect(scan(`{"k":${text}}`), text).toBeUndefined();
          return;
        }
        expect(scan(`{"k":${text}}`, 10_000)?.has('k'), text).toBe(parsed !== undefined);
      }),
      { numRuns: 2000 },
    );
  });
});

/** Scans `text` written as chunks cut at `cuts` (byte offsets). */
function scanInChunks(text: string, cuts: number[], maxDepth = 64) {
  const bytes = Buffer.from(text);
  const scanner = new JsonObjectScanner(maxDepth);
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    scanner.write(bytes.subarray(from, Math.max(from, cut)));
    from = Math.max(from, cut);
  }
  scanner.write(bytes.subarray(from));
  return scanner.end();
}

describe('JsonObjectScanner (the body chunk by chunk)', () => {
  it('answers as the one-buffer scan wherever the chunks are cut: inside strings, escapes, keys, numbers and literals', () => {
    const texts = [
      ' { "model" : "claude-sonnet-4-5", "stream":true, "messages":[{"role":"user","content":"hi \\"there\\" \\u00e9"}], "n": -1.5e+3, "x": null, "o": {} } ',
      '{"a":false,"b":[1,22,333],"c":"\\\\\\n"}',
      '{"a":1',
      '{"a":tru}',
      '{"a":"\\u12g4"}',
      '{"a":1} x',
      '{"model":"a","model":"b"}',
    ];
    for (const text of texts) {
      const whole = scanJsonObject(Buffer.from(text), 64);
      for (let cut = 0; cut <= text.length; cut++) {
        expect(scanInChunks(text, [cut]), `${text} cut at ${cut}`).toEqual(whole);
        expect(scanInChunks(text, [cut, cut + 1, cut + 2]), `${text} cut at ${cut}, +1, +2`).toEqual(whole);
      }
    }
  });

  it('gives absolute offsets across chunks', () => {
    const text = '{"model":"claude","messages":[{"role":"user","content":"hello"}],"max_tokens":5}';
    const members = scanInChunks(text, [3, 12, 40, 77]);
    const span = members?.get('max_tokens');
    expect(text.slice(span!.start, span!.end)).toBe('5');
    expect(text.slice(members!.get('model')!.start, members!.get('model')!.end)).toBe('"claude"');
  });

  it('refuses a number longer than it carries across a cut, leaving it to the full parse', () => {
    const text = `{"a":${'1'.repeat(100)}}`;
    expect(scanInChunks(text, [5])?.has('a')).toBe(true);
    expect(scanInChunks(text, [60])?.has('a')).toBe(true);
    expect(scanInChunks(text, [80])).toBeUndefined();
  });

  it('stops when told to, and answers undefined', () => {
    const scanner = new JsonObjectScanner(64);
    scanner.write(Buffer.from('{"model":"m",'));
    expect(scanner.members.has('model')).toBe(true);
    scanner.stop();
    scanner.write(Buffer.from('"x":1}'));
    expect(scanner.end()).toBeUndefined();
  });

  it('agrees with the one-buffer scan on any JSON object cut anywhere', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.nat()), (object, cuts) => {
        const text = JSON.stringify(object);
        const length = Buffer.byteLength(text);
        expect(scanInChunks(text, cuts.map((cut) => cut % (length + 1)), 1000)).toEqual(scanJsonObject(Buffer.from(text), 1000));
      }),
    );
  });
});
