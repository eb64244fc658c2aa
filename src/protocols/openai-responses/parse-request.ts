import type { CanonicalMessage, CanonicalRequest, ResponseFormat } from '../../canonical/index.js';
import { InvalidRequestError, UnsupportedFeatureError } from '../../errors/index.js';
import { describeJsonType, invalidParameter, missingParameter, parseOrThrow } from '../openai/request-errors.js';
import { parseInput } from './parse-input.js';
import { parseToolChoice, parseTools } from './parse-tools.js';
import { RESPONSES_FORMAT } from './responses-format.js';
import { responsesRequestSchema, textFormatSchema } from './schemas.js';

/**
 * Request fields a Response object repeats back to the client (renderers read them from
 * `providerOptions['openai-responses']`); kept as the client sent them.
 */
const ECHOED_FIELDS = [
  'instructions', 'metadata', 'store', 'tools', 'tool_choice', 'text', 'reasoning', 'truncation', 'parallel_tool_calls',
  'max_output_tokens', 'temperature', 'top_p', 'previous_response_id', 'prompt_cache_key', 'include', 'service_tier',
  'user', 'safety_identifier', 'top_logprobs', 'max_tool_calls', 'stream_options',
] as const;

/** Fields that ask for server-side state or execution Lifeline does not offer. */
const UNSUPPORTED_FIELDS: Record<string, string> = {
  conversation: "Lifeline does not keep Conversations: send the history in 'input', or use 'previous_response_id'.",
  prompt: 'Lifeline cannot expand stored prompt templates: send the instructions and input themselves.',
};

/**
 * Parses a Responses API request body into a CanonicalRequest. Throws InvalidRequestError (or
 * UnsupportedFeatureError) in OpenAI's wording with `param` set; never anything else.
 * `previous_response_id` is only recorded here: the handler expands it from the store.
 */
export function parseResponsesRequest(body: unknown): CanonicalRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidRequestError(`Invalid request body: expected a JSON object, but got ${describeJsonType(body)} instead.`);
  }
  const parsed = parseOrThrow(responsesRequestSchema, body, []);
  if (parsed.model === '') throw invalidParameter(['model'], 'empty string. Expected a model name.');
  if (parsed.input === undefined || parsed.input === null) throw missingParameter(['input']);
  if (Array.isArray(parsed.input) && parsed.input.length === 0 && !parsed.previous_response_id) {
    throw invalidParameter(['input'], 'empty array. Expected an array with minimum length 1, but got an empty array instead.');
  }
  if (parsed.background === true) {
    throw new UnsupportedFeatureError("Background responses are not supported by Lifeline: set 'background' to false and stream instead.", 'background');
  }
  for (const [field, message] of Object.entries(UNSUPPORTED_FIELDS)) {
    if ((body as Record<string, unknown>)[field] !== undefined && (body as Record<string, unknown>)[field] !== null) throw new UnsupportedFeatureError(message, field);
  }

  const messages: CanonicalMessage[] = [];
  if (parsed.instructions) messages.push({ role: 'system', content: [{ type: 'text', text: parsed.instructions }] });
  messages.push(...parseInput(parsed.input));

  const request: CanonicalRequest = { model: parsed.model, messages, stream: parsed.stream === true };
  if (parsed.max_output_tokens !== undefined && parsed.max_output_tokens !== null) request.maxOutputTokens = parsed.max_output_tokens;
  if (parsed.temperature !== undefined && parsed.temperature !== null) request.temperature = parsed.temperature;
  if (parsed.top_p !== undefined && parsed.top_p !== null) request.topP = parsed.top_p;
  const userId = parsed.safety_identifier ?? parsed.user;
  if (userId) request.userId = userId;
  if (parsed.tools && parsed.tools.length > 0) request.tools = parseTools(parsed.tools);
  const toolChoice = parseToolChoice(parsed.tool_choice);
  if (toolChoice) request.toolChoice = toolChoice;
  if (parsed.parallel_tool_calls !== undefined && parsed.parallel_tool_calls !== null) request.parallelToolCalls = parsed.parallel_tool_calls;
  const responseFormat = parseTextFormat(parsed.text?.format);
  if (responseFormat) request.responseFormat = responseFormat;

  const echoed: Record<string, unknown> = {};
  for (const field of ECHOED_FIELDS) {
    const value = (body as Record<string, unknown>)[field];
    if (value !== undefined) echoed[field] = value;
  }
  request.providerOptions = { [RESPONSES_FORMAT]: echoed };
  const chatOptions = chatCompletionsOptions(parsed);
  if (Object.keys(chatOptions).length > 0) request.providerOptions.openai = chatOptions;
  return request;
}

/** Responses fields that Chat Completions has under another name, for an OpenAI-format target. */
function chatCompletionsOptions(parsed: ReturnType<typeof responsesRequestSchema.parse>): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (parsed.reasoning?.effort) options.reasoning_effort = parsed.reasoning.effort;
  if (parsed.text?.verbosity) options.verbosity = parsed.text.verbosity;
  if (parsed.prompt_cache_key) options.prompt_cache_key = parsed.prompt_cache_key;
  if (parsed.service_tier) options.service_tier = parsed.service_tier;
  return options;
}

/** `text.format` (flat: type, name, schema, strict) → the canonical response format. */
function parseTextFormat(format: unknown): ResponseFormat | undefined {
  if (format === undefined || format === null) return undefined;
  const parsed = parseOrThrow(textFormatSchema, format, ['text', 'format']);
  if (parsed.type === 'text') return undefined;
  if (parsed.type === 'json_object') return { type: 'json' };
  if (!parsed.schema) throw missingParameter(['text', 'format', 'schema']);
  if (!parsed.name) throw missingParameter(['text', 'format', 'name']);
  return {
    type: 'json',
    schema: parsed.schema,
    name: parsed.name,
    ...(parsed.description ? { description: parsed.description } : {}),
    ...(parsed.strict !== undefined && parsed.strict !== null ? { strict: parsed.strict } : {}),
  };
}
