import type { CanonicalRequest } from '../canonical/index.js';
import type { ByteChunks } from '../core/byte-chunks.js';
import type { InboundProtocol } from './inbound-protocol.js';
import type { JsonSpan } from './scan-json-object.js';

/** Stands in for the conversation while the request's other members are validated. */
const PLACEHOLDER_MESSAGES = [{ role: 'user', content: '.' }];

function firstByteAfterWhitespace(bytes: ByteChunks, from: number, end: number): number | undefined {
  for (let index = from; index < end; index++) {
    const byte = bytes.byteAt(index);
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  }
  return undefined;
}

/** What routing reads of a request before its conversation is parsed. */
export type RequestHead = Pick<CanonicalRequest, 'model' | 'stream'>;

/**
 * Heads already validated, by their exact text, per protocol: a coding agent sends the same
 * system prompt, model and options on every turn, and validating them again was most of the
 * head's cost. The parse is a pure function of that text, so a hit answers exactly as a parse
 * would, refusals included. Bounded: the oldest entry goes first.
 */
const validatedHeads = new WeakMap<InboundProtocol, Map<string, RequestHead | null>>();
const MAX_CACHED_HEADS = 256;
/** A head longer than this (a huge system prompt) is validated every time rather than kept. */
const MAX_CACHED_HEAD_CHARS = 64 * 1024;

/**
 * The request without its conversation, validated exactly as the full parse validates it: every
 * top-level member but the protocol's `conversationMembers` is decoded (they are small: model,
 * limits, options) and run through `parseRequest` with a placeholder conversation. Undefined when
 * that parse refuses it, or `messages` is not a non-empty array: the caller then parses in full,
 * so the client gets Lifeline's own error, worded as before. What this leaves unchecked is inside
 * the conversation members (a wrong field deep in a message or a tool), which the provider refuses
 * in its own words.
 */
export function readRequestHead(bytes: ByteChunks, members: ReadonlyMap<string, JsonSpan>, protocol: InboundProtocol): RequestHead | undefined {
  if (protocol.conversationMembers.length === 0) return undefined;
  const messages = members.get('messages');
  if (messages === undefined || bytes.byteAt(messages.start) !== 0x5b || firstByteAfterWhitespace(bytes, messages.start + 1, messages.end) === 0x5d) return undefined;
  const texts: Array<[string, string]> = [];
  let key = '';
  for (const [name, span] of members) {
    if (protocol.conversationMembers.includes(name)) continue;
    const text = bytes.toString(span.start, span.end);
    texts.push([name, text]);
    key += `${name}\u0000${text}\u0000`;
  }
  let cache = validatedHeads.get(protocol);
  if (cache === undefined) validatedHeads.set(protocol, (cache = new Map()));
  const cached = cache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const head = validateHead(texts, protocol);
  if (key.length <= MAX_CACHED_HEAD_CHARS) {
    if (cache.size >= MAX_CACHED_HEADS) cache.delete(cache.keys().next().value!);
    cache.set(key, head ?? null);
  }
  return head;
}

function validateHead(texts: ReadonlyArray<[string, string]>, protocol: InboundProtocol): RequestHead | undefined {
  const head: Record<string, unknown> = {};
  for (const [name, text] of texts) head[name] = JSON.parse(text) as unknown;
  head['messages'] = PLACEHOLDER_MESSAGES;
  try {
    const { model, stream } = protocol.parseRequest(head);
    return { model, stream };
  } catch {
    return undefined;
  }
}
