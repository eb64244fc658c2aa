import type { PlannedReply } from './planned-reply.js';
import type { ContinuationBehaviour } from './types.js';

interface MessageLike {
  role: string;
  content?: unknown;
}

/** How the conversation asks the model to carry on from a cut answer. */
export type ContinuationRequest =
  /** The conversation ends with the partial assistant turn (Anthropic prefill, or an OpenAI-compatible prefix mode). */
  | { kind: 'prefill'; prefix: string }
  /** The partial assistant turn, then a user message asking to continue from `anchor` (its last words). */
  | { kind: 'instruction'; prefix: string; anchor: string | undefined };

/** The conversation without a trailing continuation, and what the model is asked to continue. */
export interface ContinuationSplit<M> {
  messages: M[];
  /** Undefined when this is an ordinary request. */
  request: ContinuationRequest | undefined;
}

/** A different answer to the same question, for the `diverge` mode. */
export const DIVERGENT_TEXT = 'Seen from another side entirely, this reply takes a new route and shares no wording with the one before it.';

/** What `prefill` providers without prefill answer, per format (Anthropic's is the API's own wording for models from 4.6 on). */
export const PREFILL_REJECTION: Record<'anthropic' | 'openai', string> = {
  anthropic: 'This model does not support assistant message prefill. The conversation must end with a user message.',
  openai: "Assistant message prefill is not supported: the last message must have role 'user' or 'tool'.",
};

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => (block && typeof block === 'object' && (block as { type?: unknown }).type === 'text' ? String((block as { text?: unknown }).text ?? '') : ''))
    .join('');
}

/** The words between the instruction's `<<<` and `>>>` lines (see providers/shared/continuation-instruction.ts). */
function anchorOf(instruction: string): string | undefined {
  const open = instruction.indexOf('\n<<<\n');
  const close = instruction.lastIndexOf('\n>>>');
  return open >= 0 && close > open ? instruction.slice(open + 5, close) : undefined;
}

/**
 * Recognises a continuation in either format: a conversation that ends with an assistant turn is a
 * prefill (as the Anthropic API reads it, and OpenAI-compatible servers with a prefix mode); an
 * assistant turn followed by a user turn asking to continue a cut-off reply is an instruction,
 * which a real model understands and the simulator recognises by its words.
 */
export function splitContinuation<M extends MessageLike>(messages: M[]): ContinuationSplit<M> {
  const last = messages.at(-1);
  if (last?.role === 'assistant') return { messages: messages.slice(0, -1), request: { kind: 'prefill', prefix: textOf(last.content) } };
  const previous = messages.at(-2);
  const instruction = textOf(last?.content);
  if (last?.role !== 'user' || previous?.role !== 'assistant' || !/\bcontinue\b/i.test(instruction) || !/cut off|where it stopped/i.test(instruction)) {
    return { messages, request: undefined };
  }
  return { messages: messages.slice(0, -2), request: { kind: 'instruction', prefix: textOf(previous.content), anchor: anchorOf(instruction) } };
}

/** What the simulated model answers, or a refusal of the prefill. */
export type ContinuationAnswer = { plan: PlannedReply } | { rejectPrefill: true };

/**
 * What a model asked to continue says, by mode (see ContinuationMode). The simulated model
 * "remembers" its script: the rest is the planned text after the prefix when the plan starts with
 * it, else the whole plan. Continuations carry no thinking: prefill and extended thinking do not mix.
 */
export function continuePlan(plan: PlannedReply, request: ContinuationRequest | undefined, behaviour: ContinuationBehaviour = { mode: 'exact' }): ContinuationAnswer {
  if (request === undefined) return { plan };
  const answer = (text: string | undefined): ContinuationAnswer => ({ plan: { ...plan, text, thinking: undefined } });
  const whole = plan.text;
  if (whole === undefined || !whole.startsWith(request.prefix)) return answer(behaviour.mode === 'diverge' ? DIVERGENT_TEXT : whole);
  // The rest after the prefix as the model would write it: from the last character written.
  const written = request.prefix.trimEnd();
  const rest = whole.slice(written.length);
  switch (behaviour.mode) {
    case 'exact':
      if (request.kind === 'prefill') return answer(whole.slice(request.prefix.length));
      return answer(request.anchor !== undefined ? request.anchor + rest : whole.slice(request.prefix.length));
    case 'ignore-instruction':
      return answer(whole);
    case 'prefill-rest':
      return answer(request.kind === 'prefill' ? whole.slice(request.prefix.length) : whole);
    case 'reject-prefill':
      return request.kind === 'prefill' ? { rejectPrefill: true } : answer(whole);
    case 'diverge':
      return answer(DIVERGENT_TEXT);
    case 'repeat-tail': {
      const words = written.split(/(?<=\s)(?=\S)/);
      return answer(words.slice(-(behaviour.repeatTailWords ?? 5)).join('') + rest);
    }
  }
}
