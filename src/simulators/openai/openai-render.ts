import { estimateTokens } from '../estimate-tokens.js';
import { outputCharacters, splitArguments, type PlannedReply } from '../planned-reply.js';
import { openaiCompletionId, openaiToolCallId } from '../random-id.js';
import { splitText } from '../split-text.js';

/** Inputs of one Chat Completions answer. */
export interface OpenaiRenderInput {
  plan: PlannedReply;
  model: string;
  inputTokens: number;
  chunkCount: number;
  /** `stream_options.include_usage`. */
  includeUsage: boolean;
}

const SYSTEM_FINGERPRINT = 'fp_5im0a7d06e';

const ANTHROPIC_TO_OPENAI_FINISH: Record<string, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

interface ResolvedToolCall {
  id: string;
  name: string;
  json: string;
}

function resolveToolCalls(plan: PlannedReply): ResolvedToolCall[] {
  return plan.toolCalls.map((call) => ({
    id: call.id ?? openaiToolCallId(),
    name: call.name,
    json: JSON.stringify(call.input),
  }));
}

function finishReason(plan: PlannedReply): string {
  if (plan.stopReason !== undefined) return ANTHROPIC_TO_OPENAI_FINISH[plan.stopReason] ?? plan.stopReason;
  return plan.toolCalls.length > 0 ? 'tool_calls' : 'stop';
}

function usage(inputTokens: number, outputTokens: number): string {
  return `{"prompt_tokens":${inputTokens},"completion_tokens":${outputTokens},"total_tokens":${inputTokens + outputTokens},"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}`;
}

/** The non-stream `chat.completion` body, shaped like response-text.json / response-tool-calls.json. */
export function renderOpenaiCompletion(input: OpenaiRenderInput): string {
  const toolCalls = resolveToolCalls(input.plan);
  const outputTokens = estimateTokens(outputCharacters(input.plan, toolCalls.map((call) => call.json)));
  const message: Record<string, unknown> = { role: 'assistant', content: input.plan.text ?? null };
  if (toolCalls.length > 0) {
    message.tool_calls = toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.json },
    }));
  }
  message.refusal = null;
  message.annotations = [];
  const head = JSON.stringify({
    id: openaiCompletionId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: input.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(input.plan) }],
  });
  return `${head.slice(0, -1)},"usage":${usage(input.inputTokens, outputTokens)},"service_tier":"default","system_fingerprint":"${SYSTEM_FINGERPRINT}"}`;
}

function firstToolDelta(index: number, call: ResolvedToolCall): string {
  return `{"index":${index},"id":${JSON.stringify(call.id)},"type":"function","function":{"name":${JSON.stringify(call.name)},"arguments":""}}`;
}

/** Every SSE frame of the streamed answer, ending with `data: [DONE]`. */
export function renderOpenaiStreamFrames(input: OpenaiRenderInput): string[] {
  const plan = input.plan;
  const toolCalls = resolveToolCalls(plan);
  const outputTokens = estimateTokens(outputCharacters(plan, toolCalls.map((call) => call.json)));
  // Every chunk repeats id, created and model; build the shared prefix once.
  const prefix = `data: {"id":"${openaiCompletionId()}","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(input.model)},"service_tier":"default","system_fingerprint":"${SYSTEM_FINGERPRINT}","choices":[`;
  const suffix = input.includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
  const chunk = (delta: string, finish = 'null'): string =>
    `${prefix}{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}${suffix}`;

  const frames: string[] = [];
  let firstCallInRoleChunk = false;
  const first = toolCalls[0];
  if (plan.text === undefined && first) {
    // A model that goes straight to tool calls announces the first call in the role chunk.
    frames.push(chunk(`{"role":"assistant","content":null,"tool_calls":[${firstToolDelta(0, first)}],"refusal":null}`));
    firstCallInRoleChunk = true;
  } else {
    frames.push(chunk('{"role":"assistant","content":"","refusal":null}'));
    if (plan.text) {
      for (const piece of splitText(plan.text, input.chunkCount)) frames.push(chunk(`{"content":${JSON.stringify(piece)}}`));
    }
  }
  toolCalls.forEach((call, index) => {
    if (!(index === 0 && firstCallInRoleChunk)) frames.push(chunk(`{"tool_calls":[${firstToolDelta(index, call)}]}`));
    for (const fragment of splitArguments(call.json)) {
      frames.push(chunk(`{"tool_calls":[{"index":${index},"function":{"arguments":${JSON.stringify(fragment)}}}]}`));
    }
  });
  frames.push(chunk('{}', JSON.stringify(finishReason(plan))));
  if (input.includeUsage) frames.push(`${prefix}],"usage":${usage(input.inputTokens, outputTokens)}}\n\n`);
  frames.push('data: [DONE]\n\n');
  return frames;
}
