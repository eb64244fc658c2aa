import type { FinishReason, Usage } from '../../canonical/index.js';
import type { RenderContext } from '../inbound-protocol.js';
import { RESPONSES_FORMAT } from './responses-format.js';

/** A Responses API `usage` object. */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** Canonical usage → Responses usage; `input_tokens` counts cached tokens too (OpenAI's convention). */
export function toResponsesUsage(usage: Usage): ResponsesUsage {
  const input = usage.inputTokens;
  const inputTokens = input.total ?? (input.noCache ?? 0) + (input.cacheRead ?? 0) + (input.cacheWrite ?? 0);
  const outputTokens = usage.outputTokens.total ?? 0;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: input.cacheRead ?? 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: usage.outputTokens.reasoning ?? 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

/** `status` and `incomplete_details` of a finished response, from why generation ended. */
export function toResponseStatus(finishReason: FinishReason): { status: 'completed' | 'incomplete'; incomplete_details: { reason: string } | null } {
  if (finishReason.unified === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finishReason.unified === 'content-filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

export interface ResponseObjectFields {
  id: string;
  createdAt: number;
  model: string;
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  output: unknown[];
  usage: ResponsesUsage | null;
  error?: { code: string; message: string } | null;
  incompleteDetails?: { reason: string } | null;
}

/**
 * The `response` object in full: what was generated plus the request settings the API repeats
 * back (instructions, tools, text, reasoning, …), as the client sent them, with the API's defaults
 * where the client sent none. `model` is the model that really answered.
 */
export function buildResponseObject(fields: ResponseObjectFields, context: RenderContext): Record<string, unknown> {
  const echoed = context.request.providerOptions?.[RESPONSES_FORMAT] ?? {};
  const pick = <T>(name: string, fallback: T): unknown => (echoed[name] === undefined || echoed[name] === null ? fallback : echoed[name]);
  return {
    id: fields.id,
    object: 'response',
    created_at: fields.createdAt,
    status: fields.status,
    background: false,
    error: fields.error ?? null,
    incomplete_details: fields.incompleteDetails ?? null,
    instructions: pick('instructions', null),
    max_output_tokens: pick('max_output_tokens', null),
    max_tool_calls: pick('max_tool_calls', null),
    model: fields.model,
    output: fields.output,
    parallel_tool_calls: pick('parallel_tool_calls', true),
    previous_response_id: pick('previous_response_id', null),
    prompt_cache_key: pick('prompt_cache_key', null),
    reasoning: { effort: null, summary: null, ...(pick('reasoning', {}) as object) },
    safety_identifier: pick('safety_identifier', null),
    service_tier: pick('service_tier', 'default'),
    store: pick('store', true),
    temperature: pick('temperature', 1),
    text: { format: { type: 'text' }, verbosity: 'medium', ...(pick('text', {}) as object) },
    tool_choice: pick('tool_choice', 'auto'),
    tools: pick('tools', []),
    top_logprobs: pick('top_logprobs', 0),
    top_p: pick('top_p', 1),
    truncation: pick('truncation', 'disabled'),
    usage: fields.usage,
    user: pick('user', null),
    metadata: pick('metadata', {}),
  };
}
