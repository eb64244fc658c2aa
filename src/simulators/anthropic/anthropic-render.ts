import { randomBytes } from 'node:crypto';
import { estimateTokens } from '../estimate-tokens.js';
import { outputCharacters, splitArguments, type PlannedReply } from '../planned-reply.js';
import { anthropicMessageId, anthropicToolUseId } from '../random-id.js';
import { splitText } from '../split-text.js';

/** Inputs of one Anthropic answer. */
export interface AnthropicRenderInput {
  plan: PlannedReply;
  model: string;
  inputTokens: number;
  /** Deltas the text (and thinking) is split into when streaming. */
  chunkCount: number;
}

interface ResolvedToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
  json: string;
}

interface ResolvedReply {
  id: string;
  toolCalls: ResolvedToolCall[];
  signature: string | undefined;
  stopReason: string;
  outputTokens: number;
}

const OPENAI_TO_ANTHROPIC_STOP: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

function resolve(input: AnthropicRenderInput): ResolvedReply {
  const toolCalls = input.plan.toolCalls.map((call) => ({
    id: call.id ?? anthropicToolUseId(),
    name: call.name,
    input: call.input,
    json: JSON.stringify(call.input),
  }));
  const requested = input.plan.stopReason;
  const stopReason =
    requested !== undefined
      ? (OPENAI_TO_ANTHROPIC_STOP[requested] ?? requested)
      : toolCalls.length > 0
        ? 'tool_use'
        : 'end_turn';
  return {
    id: anthropicMessageId(),
    toolCalls,
    // Opaque to clients; only has to look like the real base64 blob.
    signature: input.plan.thinking !== undefined ? `Eq${randomBytes(96).toString('base64')}` : undefined,
    stopReason,
    outputTokens: estimateTokens(outputCharacters(input.plan, toolCalls.map((call) => call.json))),
  };
}

function usage(inputTokens: number, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

/** The non-stream Message body, shaped like response-text.json / response-tool-use.json. */
export function renderAnthropicMessage(input: AnthropicRenderInput): string {
  const reply = resolve(input);
  const content: Record<string, unknown>[] = [];
  if (input.plan.thinking !== undefined) {
    content.push({ type: 'thinking', thinking: input.plan.thinking, signature: reply.signature });
  }
  if (input.plan.text !== undefined) content.push({ type: 'text', text: input.plan.text });
  for (const call of reply.toolCalls) {
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: call.input });
  }
  return JSON.stringify({
    id: reply.id,
    type: 'message',
    role: 'assistant',
    model: input.model,
    content,
    stop_reason: reply.stopReason,
    stop_sequence: null,
    usage: usage(input.inputTokens, reply.outputTokens),
  });
}

function frame(type: string, json: string): string {
  return `event: ${type}\ndata: ${json}\n\n`;
}

function deltaFrame(index: number, delta: string): string {
  return frame('content_block_delta', `{"type":"content_block_delta","index":${index},"delta":${delta}}`);
}

/** Every SSE frame of the streamed answer, in order: message_start … message_stop. */
export function renderAnthropicStreamFrames(input: AnthropicRenderInput): string[] {
  const reply = resolve(input);
  const plan = input.plan;
  const frames: string[] = [];
  const start = {
    type: 'message_start',
    message: {
      model: input.model,
      id: reply.id,
      type: 'message',
      role: 'assistant',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usage(input.inputTokens, 1),
    },
  };
  frames.push(frame('message_start', JSON.stringify(start)));
  let index = 0;
  const startBlock = (block: string): void => {
    frames.push(frame('content_block_start', `{"type":"content_block_start","index":${index},"content_block":${block}}`));
    // Real streams put one ping right after the first block start.
    if (index === 0) frames.push(frame('ping', '{"type": "ping"}'));
  };
  const stopBlock = (): void => {
    frames.push(frame('content_block_stop', `{"type":"content_block_stop","index":${index}}`));
    index++;
  };

  if (plan.thinking !== undefined) {
    startBlock('{"type":"thinking","thinking":"","signature":""}');
    for (const piece of splitText(plan.thinking, input.chunkCount)) {
      frames.push(deltaFrame(index, `{"type":"thinking_delta","thinking":${JSON.stringify(piece)}}`));
    }
    frames.push(deltaFrame(index, `{"type":"signature_delta","signature":${JSON.stringify(reply.signature)}}`));
    stopBlock();
  }
  if (plan.text !== undefined) {
    startBlock('{"type":"text","text":""}');
    if (plan.text.length > 0) {
      for (const piece of splitText(plan.text, input.chunkCount)) {
        frames.push(deltaFrame(index, `{"type":"text_delta","text":${JSON.stringify(piece)}}`));
      }
    }
    stopBlock();
  }
  for (const call of reply.toolCalls) {
    startBlock(
      `{"type":"tool_use","id":${JSON.stringify(call.id)},"name":${JSON.stringify(call.name)},"input":{}}`,
    );
    frames.push(deltaFrame(index, '{"type":"input_json_delta","partial_json":""}'));
    for (const fragment of splitArguments(call.json)) {
      frames.push(deltaFrame(index, `{"type":"input_json_delta","partial_json":${JSON.stringify(fragment)}}`));
    }
    stopBlock();
  }

  const finalUsage = `{"input_tokens":${input.inputTokens},"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":${reply.outputTokens}}`;
  frames.push(
    frame(
      'message_delta',
      `{"type":"message_delta","delta":{"stop_reason":${JSON.stringify(reply.stopReason)},"stop_sequence":null},"usage":${finalUsage}}`,
    ),
  );
  frames.push(frame('message_stop', '{"type":"message_stop"}'));
  return frames;
}
