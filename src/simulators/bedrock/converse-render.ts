import { randomBytes } from 'node:crypto';
import { estimateTokens } from '../estimate-tokens.js';
import { outputCharacters, splitArguments, type PlannedReply } from '../planned-reply.js';
import { randomBase62 } from '../random-id.js';
import { splitText } from '../split-text.js';
import { converseEventMessage } from './bedrock-event-stream.js';

/** Inputs of one Converse answer. */
export interface ConverseRenderInput {
  plan: PlannedReply;
  inputTokens: number;
  /** Tokens the request's cache points read from the cache (the simulator reads every one it is sent). */
  cacheReadTokens: number;
  chunkCount: number;
  /** Claude through Converse: thinking comes back as signed reasoningContent. */
  claude: boolean;
}

/** Script stop reasons in other formats' words → Converse's. */
const STOP_REASONS: Record<string, string> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use', refusal: 'content_filtered', content_filter: 'content_filtered', SAFETY: 'content_filtered' };
/** Stops after which Bedrock sends no model content. */
const BLOCKED = new Set(['guardrail_intervened', 'content_filtered']);

const toolUseId = (): string => `tooluse_${randomBase62(22)}`;

interface Rendered {
  stopReason: string;
  thinking: { text: string; signature: string | undefined } | undefined;
  text: string | undefined;
  calls: Array<{ toolUseId: string; name: string; input: Record<string, unknown> }>;
  usage: Record<string, number>;
}

function render(input: ConverseRenderInput): Rendered {
  const plan = input.plan;
  const requested = plan.stopReason;
  const stopReason = requested === undefined ? (plan.toolCalls.length > 0 ? 'tool_use' : 'end_turn') : (STOP_REASONS[requested] ?? requested);
  const blocked = BLOCKED.has(stopReason);
  const calls = blocked ? [] : plan.toolCalls.map((call) => ({ toolUseId: call.id ?? toolUseId(), name: call.name, input: call.input }));
  const outputTokens = estimateTokens(outputCharacters(plan, calls.map((call) => JSON.stringify(call.input))));
  return {
    stopReason,
    thinking: !blocked && plan.thinking !== undefined ? { text: plan.thinking, signature: input.claude ? `Eq${randomBytes(96).toString('base64')}` : undefined } : undefined,
    // A guardrail's own words replace the model's.
    text: blocked ? 'Sorry, the model cannot answer this question.' : plan.text,
    calls,
    usage: {
      inputTokens: input.inputTokens,
      outputTokens,
      totalTokens: input.inputTokens + input.cacheReadTokens + outputTokens,
      ...(input.cacheReadTokens > 0 ? { cacheReadInputTokens: input.cacheReadTokens, cacheWriteInputTokens: 0 } : {}),
    },
  };
}

/** The non-stream `ConverseResponse`. */
export function renderConverseResponse(input: ConverseRenderInput): string {
  const rendered = render(input);
  const content: Record<string, unknown>[] = [];
  if (rendered.thinking) content.push({ reasoningContent: { reasoningText: { text: rendered.thinking.text, ...(rendered.thinking.signature ? { signature: rendered.thinking.signature } : {}) } } });
  if (rendered.text !== undefined && rendered.text !== '') content.push({ text: rendered.text });
  for (const call of rendered.calls) content.push({ toolUse: call });
  return JSON.stringify({ output: { message: { role: 'assistant', content } }, stopReason: rendered.stopReason, usage: rendered.usage, metrics: { latencyMs: 1 } });
}

/** Every event-stream message of a ConverseStream answer, in Bedrock's order. */
export function renderConverseStreamFrames(input: ConverseRenderInput): Uint8Array[] {
  const rendered = render(input);
  const frames: Uint8Array[] = [converseEventMessage('messageStart', { role: 'assistant' })];
  let index = 0;
  const pieces = (text: string) => splitText(text, input.chunkCount).filter((piece) => piece.length > 0);
  if (rendered.thinking) {
    for (const piece of pieces(rendered.thinking.text)) frames.push(converseEventMessage('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { text: piece } } }));
    if (rendered.thinking.signature) frames.push(converseEventMessage('contentBlockDelta', { contentBlockIndex: index, delta: { reasoningContent: { signature: rendered.thinking.signature } } }));
    frames.push(converseEventMessage('contentBlockStop', { contentBlockIndex: index++ }));
  }
  if (rendered.text !== undefined && rendered.text !== '') {
    for (const piece of pieces(rendered.text)) frames.push(converseEventMessage('contentBlockDelta', { contentBlockIndex: index, delta: { text: piece } }));
    frames.push(converseEventMessage('contentBlockStop', { contentBlockIndex: index++ }));
  }
  for (const call of rendered.calls) {
    frames.push(converseEventMessage('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: call.toolUseId, name: call.name } } }));
    for (const fragment of splitArguments(JSON.stringify(call.input))) frames.push(converseEventMessage('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: fragment } } }));
    frames.push(converseEventMessage('contentBlockStop', { contentBlockIndex: index++ }));
  }
  frames.push(converseEventMessage('messageStop', { stopReason: rendered.stopReason }));
  frames.push(converseEventMessage('metadata', { usage: rendered.usage, metrics: { latencyMs: 1 } }));
  return frames;
}
