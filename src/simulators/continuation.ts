import type { PlannedReply } from './planned-reply.js';

interface MessageLike {
  role: string;
  content?: unknown;
}

/** The conversation without a trailing continuation, and the text the model is asked to continue. */
export interface ContinuationSplit<M> {
  messages: M[];
  /** The partial answer to continue; undefined when this is an ordinary request. */
  prefix: string | undefined;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => (block && typeof block === 'object' && (block as { type?: unknown }).type === 'text' ? String((block as { text?: unknown }).text ?? '') : ''))
    .join('');
}

/**
 * Anthropic prefill: a conversation that ends with an assistant message asks the model to carry
 * on from that text, as the real API does.
 */
export function splitAnthropicContinuation<M extends MessageLike>(messages: M[]): ContinuationSplit<M> {
  const last = messages.at(-1);
  if (last?.role !== 'assistant') return { messages, prefix: undefined };
  return { messages: messages.slice(0, -1), prefix: textOf(last.content) };
}

/**
 * Chat Completions has no prefill: a gateway continuing a cut answer sends it back as the
 * assistant's message followed by a user message asking to continue. A real model understands the
 * request; the simulator recognises it (an assistant turn, then a user turn that asks to continue).
 */
export function splitOpenAIContinuation<M extends MessageLike>(messages: M[]): ContinuationSplit<M> {
  const last = messages.at(-1);
  const previous = messages.at(-2);
  if (last?.role !== 'user' || previous?.role !== 'assistant' || !/\bcontinue\b/i.test(textOf(last.content)) || !/cut off|where it stopped/i.test(textOf(last.content))) {
    return { messages, prefix: undefined };
  }
  return { messages: messages.slice(0, -2), prefix: textOf(previous.content) };
}

/**
 * What a model continuing `prefix` says: the rest of the planned answer when the plan starts with
 * it (the simulated model "remembers" its script), else the whole plan. Continuations carry no
 * thinking: prefill and extended thinking do not mix.
 */
export function continuePlan(plan: PlannedReply, prefix: string | undefined): PlannedReply {
  if (prefix === undefined) return plan;
  const text = plan.text !== undefined && plan.text.startsWith(prefix) ? plan.text.slice(prefix.length) : plan.text;
  return { ...plan, text, thinking: undefined };
}
