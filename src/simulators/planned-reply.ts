import type { ScriptReply, ScriptToolCall, SimulatorFormat } from './types.js';

/** Everything a renderer needs to answer one request. */
export interface PlannedReply {
  text: string | undefined;
  thinking: string | undefined;
  toolCalls: readonly ScriptToolCall[];
  stopReason: string | undefined;
}

const FORMAT_NAMES: Record<SimulatorFormat, string> = { anthropic: 'Anthropic', openai: 'OpenAI', bedrock: 'Amazon Bedrock', gemini: 'Gemini', vertex: 'Vertex AI' };

/** The deterministic reply used when no rule matched. */
export function defaultReplyText(name: string, format: SimulatorFormat): string {
  return `Hello from ${name}, a simulated ${FORMAT_NAMES[format]} provider. This is the default reply; no script rule matched this request.`;
}

/** Turns a script reply (or none) into a plan; a reply with neither text nor tool calls answers with empty text. */
export function planReply(reply: ScriptReply | undefined, defaultText: string): PlannedReply {
  if (!reply) return { text: defaultText, thinking: undefined, toolCalls: [], stopReason: undefined };
  const toolCalls = reply.toolCalls ?? [];
  return {
    text: reply.text ?? (toolCalls.length === 0 ? '' : undefined),
    thinking: reply.thinking,
    toolCalls,
    stopReason: reply.stopReason,
  };
}

/** Splits a tool call's JSON arguments into a few fragments, as providers stream them. */
export function splitArguments(json: string): string[] {
  if (json.length < 6) return [json];
  const third = Math.ceil(json.length / 3);
  const first = wholeCharacterCut(json, third);
  const second = Math.max(first, wholeCharacterCut(json, third * 2));
  return [json.slice(0, first), json.slice(first, second), json.slice(second)].filter((piece) => piece.length > 0);
}

/** `index`, or one further when it falls between the halves of a surrogate pair (real providers send whole characters). */
function wholeCharacterCut(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff ? index + 1 : index;
}

/** Characters of output, for output token estimates. */
export function outputCharacters(plan: PlannedReply, toolJson: readonly string[]): number {
  let count = (plan.text?.length ?? 0) + (plan.thinking?.length ?? 0);
  for (const json of toolJson) count += json.length;
  return count;
}
