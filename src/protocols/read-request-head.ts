import type { CanonicalRequest } from '../canonical/index.js';
import type { InboundProtocol } from './inbound-protocol.js';
import type { JsonSpan } from './scan-json-object.js';

/** Stands in for the conversation while the request's other members are validated. */
const PLACEHOLDER_MESSAGES = [{ role: 'user', content: '.' }];

function firstByteAfterWhitespace(bytes: Buffer, from: number, end: number): number | undefined {
  let index = from;
  while (index < end && (bytes[index] === 0x20 || bytes[index] === 0x0a || bytes[index] === 0x0d || bytes[index] === 0x09)) index++;
  return index < end ? bytes[index] : undefined;
}

/**
 * The request without its conversation, validated exactly as the full parse validates it: every
 * top-level member but the protocol's `conversationMembers` is decoded (they are small: model,
 * limits, options) and run through `parseRequest` with a placeholder conversation. Undefined when
 * that parse refuses it, or `messages` is not a non-empty array: the caller then parses in full,
 * so the client gets Lifeline's own error, worded as before. What this leaves unchecked is inside
 * the conversation members (a wrong field deep in a message or a tool), which the provider refuses
 * in its own words.
 */
export function readRequestHead(bytes: Buffer, members: ReadonlyMap<string, JsonSpan>, protocol: InboundProtocol): CanonicalRequest | undefined {
  if (protocol.conversationMembers.length === 0) return undefined;
  const messages = members.get('messages');
  if (messages === undefined || bytes[messages.start] !== 0x5b || firstByteAfterWhitespace(bytes, messages.start + 1, messages.end) === 0x5d) return undefined;
  const head: Record<string, unknown> = {};
  for (const [name, span] of members) {
    if (!protocol.conversationMembers.includes(name)) head[name] = JSON.parse(bytes.toString('utf8', span.start, span.end)) as unknown;
  }
  head['messages'] = PLACEHOLDER_MESSAGES;
  try {
    return protocol.parseRequest(head);
  } catch {
    return undefined;
  }
}
