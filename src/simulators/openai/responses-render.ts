import { estimateTokens } from '../estimate-tokens.js';
import { outputCharacters, splitArguments, type PlannedReply } from '../planned-reply.js';
import { openaiToolCallId, randomHex } from '../random-id.js';
import { splitText } from '../split-text.js';

/** Inputs of one Responses API answer. */
export interface ResponsesRenderInput {
  plan: PlannedReply;
  model: string;
  inputTokens: number;
  chunkCount: number;
  /** `include` has `reasoning.encrypted_content`: reasoning items carry it. */
  includeEncryptedReasoning: boolean;
  /** The request's settings the response repeats (instructions, tools, …). */
  echo: Record<string, unknown>;
  /** Where the reasoning item ids handed out are remembered, so a replayed one is found again. */
  issuedReasoningIds?: Set<string>;
}

/** Reasoning ids remembered per simulator: enough for any test, bounded for a long soak. */
const MAX_REASONING_IDS = 10_000;

function remember(ids: Set<string> | undefined, id: string): string {
  if (ids) {
    if (ids.size >= MAX_REASONING_IDS) ids.delete(ids.values().next().value!);
    ids.add(id);
  }
  return id;
}

type Item = Record<string, unknown>;
const itemId = (prefix: string): string => `${prefix}_${randomHex(48)}`;

/** The encrypted reasoning the simulator hands out: opaque to clients, checkable when replayed. */
export function simulatedEncryptedReasoning(thinking: string): string {
  return `gAAAAsim${Buffer.from(thinking, 'utf8').toString('base64')}`;
}

interface Planned {
  id: string;
  createdAt: number;
  items: Item[];
  status: 'completed' | 'incomplete';
  usage: Record<string, unknown>;
}

function plan(input: ResponsesRenderInput): Planned {
  const items: Item[] = [];
  const { thinking, text, toolCalls, stopReason } = input.plan;
  if (thinking !== undefined) {
    items.push({
      id: remember(input.issuedReasoningIds, itemId('rs')),
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: thinking }],
      ...(input.includeEncryptedReasoning ? { encrypted_content: simulatedEncryptedReasoning(thinking) } : {}),
    });
  }
  if (text !== undefined) {
    items.push({ id: itemId('msg'), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] });
  }
  const json: string[] = [];
  for (const call of toolCalls) {
    const argumentsText = JSON.stringify(call.input);
    json.push(argumentsText);
    items.push({ id: itemId('fc'), type: 'function_call', status: 'completed', arguments: argumentsText, call_id: call.id ?? openaiToolCallId(), name: call.name });
  }
  const outputTokens = estimateTokens(outputCharacters(input.plan, json));
  const reasoningTokens = thinking === undefined ? 0 : estimateTokens(thinking.length);
  return {
    id: `resp_${randomHex(48)}`,
    createdAt: Math.floor(Date.now() / 1000),
    items,
    status: stopReason === 'max_tokens' || stopReason === 'length' ? 'incomplete' : 'completed',
    usage: {
      input_tokens: input.inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: reasoningTokens },
      total_tokens: input.inputTokens + outputTokens,
    },
  };
}

function responseObject(input: ResponsesRenderInput, planned: Planned, status: string, output: Item[], usage: unknown): Item {
  return {
    id: planned.id,
    object: 'response',
    created_at: planned.createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: input.echo.instructions ?? null,
    max_output_tokens: input.echo.max_output_tokens ?? null,
    model: input.model,
    output,
    parallel_tool_calls: input.echo.parallel_tool_calls ?? true,
    previous_response_id: input.echo.previous_response_id ?? null,
    reasoning: input.echo.reasoning ?? { effort: null, summary: null },
    service_tier: 'default',
    store: input.echo.store ?? true,
    temperature: 1,
    text: input.echo.text ?? { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: input.echo.tool_choice ?? 'auto',
    tools: input.echo.tools ?? [],
    top_p: 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: input.echo.metadata ?? {},
  };
}

/** The non-stream `response` body. */
export function renderResponsesJson(input: ResponsesRenderInput): string {
  const planned = plan(input);
  return JSON.stringify(responseObject(input, planned, planned.status, planned.items, planned.usage));
}

/**
 * Every SSE frame of the streamed answer, as the API sends them: `event:` line and a `data:` JSON
 * with `type` and `sequence_number`; items added, their deltas, done, then `response.completed`
 * (or `response.incomplete`). No `[DONE]`.
 */
export function renderResponsesFrames(input: ResponsesRenderInput): string[] {
  const planned = plan(input);
  const frames: string[] = [];
  let sequence = 0;
  const event = (type: string, data: Item): void => {
    frames.push(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`);
  };
  event('response.created', { response: responseObject(input, planned, 'in_progress', [], null) });
  event('response.in_progress', { response: responseObject(input, planned, 'in_progress', [], null) });
  planned.items.forEach((item, outputIndex) => {
    const place = { item_id: item.id, output_index: outputIndex };
    if (item.type === 'reasoning') {
      const text = (item.summary as Array<{ text: string }>)[0]!.text;
      event('response.output_item.added', { output_index: outputIndex, item: { ...item, summary: [] } });
      event('response.reasoning_summary_part.added', { ...place, summary_index: 0, part: { type: 'summary_text', text: '' } });
      for (const piece of splitText(text, input.chunkCount)) event('response.reasoning_summary_text.delta', { ...place, summary_index: 0, delta: piece });
      event('response.reasoning_summary_text.done', { ...place, summary_index: 0, text });
      event('response.reasoning_summary_part.done', { ...place, summary_index: 0, part: { type: 'summary_text', text } });
    } else if (item.type === 'message') {
      const text = (item.content as Array<{ text: string }>)[0]!.text;
      event('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
      const contentPlace = { ...place, content_index: 0 };
      event('response.content_part.added', { ...contentPlace, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
      if (text !== '') for (const piece of splitText(text, input.chunkCount)) event('response.output_text.delta', { ...contentPlace, delta: piece, logprobs: [] });
      event('response.output_text.done', { ...contentPlace, text, logprobs: [] });
      event('response.content_part.done', { ...contentPlace, part: { type: 'output_text', text, annotations: [], logprobs: [] } });
    } else {
      const argumentsText = String(item.arguments);
      event('response.output_item.added', { output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } });
      for (const fragment of splitArguments(argumentsText)) event('response.function_call_arguments.delta', { ...place, delta: fragment });
      event('response.function_call_arguments.done', { ...place, name: item.name, arguments: argumentsText });
    }
    event('response.output_item.done', { output_index: outputIndex, item });
  });
  const finalType = planned.status === 'completed' ? 'response.completed' : 'response.incomplete';
  event(finalType, { response: responseObject(input, planned, planned.status, planned.items, planned.usage) });
  return frames;
}
