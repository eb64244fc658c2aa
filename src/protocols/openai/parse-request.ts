import type { CanonicalRequest, CanonicalTool, ResponseFormat, ToolChoice } from '../../canonical/index.js';
import { InvalidRequestError } from '../../errors/index.js';
import { parseMessages } from './parse-messages.js';
import { describeJsonType, invalidParameter, invalidValue, parseOrThrow } from './request-errors.js';
import { chatCompletionRequestSchema, functionToolSchema, namedToolChoiceSchema, responseFormatSchema, toolSchema } from './schemas.js';

/** Top-level fields this parser maps; every other field goes to providerOptions.openai verbatim. */
const MAPPED_FIELDS = new Set([
  'model', 'messages', 'stream', 'max_completion_tokens', 'max_tokens', 'temperature', 'top_p', 'seed', 'stop', 'user',
  'tools', 'tool_choice', 'parallel_tool_calls', 'response_format',
]);

/**
 * Parses a Chat Completions request body into a CanonicalRequest. Throws InvalidRequestError in
 * OpenAI's wording with `param` set; never throws anything else, whatever JSON it is given.
 */
export function parseOpenAIRequest(body: unknown): CanonicalRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidRequestError(`Invalid request body: expected a JSON object, but got ${describeJsonType(body)} instead.`);
  }
  const parsed = parseOrThrow(chatCompletionRequestSchema, body, []);
  if (parsed.model === '') throw invalidParameter(['model'], 'empty string. Expected a model name.');

  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!MAPPED_FIELDS.has(key)) extra[key] = value;

  const tools = parsed.tools ? parseTools(parsed.tools) : undefined;
  const toolChoice = parseToolChoice(parsed.tool_choice);
  // tool_choice forms with no canonical meaning (allowed_tools, custom) travel verbatim.
  if (parsed.tool_choice !== undefined && parsed.tool_choice !== null && toolChoice === undefined) extra.tool_choice = parsed.tool_choice;
  const maxOutputTokens = parsed.max_completion_tokens ?? parsed.max_tokens ?? undefined;
  const stop = parsed.stop ?? undefined;

  const request: CanonicalRequest = {
    model: parsed.model,
    messages: parseMessages(parsed.messages),
    stream: parsed.stream === true,
  };
  if (maxOutputTokens !== undefined) request.maxOutputTokens = maxOutputTokens;
  if (parsed.temperature !== undefined && parsed.temperature !== null) request.temperature = parsed.temperature;
  if (parsed.top_p !== undefined && parsed.top_p !== null) request.topP = parsed.top_p;
  if (parsed.seed !== undefined && parsed.seed !== null) request.seed = parsed.seed;
  if (stop !== undefined) request.stopSequences = typeof stop === 'string' ? [stop] : stop;
  if (parsed.user) request.userId = parsed.user;
  if (tools) request.tools = tools;
  if (toolChoice) request.toolChoice = toolChoice;
  if (parsed.parallel_tool_calls !== undefined && parsed.parallel_tool_calls !== null) request.parallelToolCalls = parsed.parallel_tool_calls;
  const responseFormat = parseResponseFormat(parsed.response_format);
  if (responseFormat) request.responseFormat = responseFormat;
  if (Object.keys(extra).length > 0) request.providerOptions = { openai: extra };
  return request;
}

function parseTools(tools: readonly unknown[]): CanonicalTool[] {
  return tools.map((tool, index): CanonicalTool => {
    const path = ['tools', index] as const;
    const typed = parseOrThrow(toolSchema, tool, path);
    if (typed.type !== 'function') return { type: 'provider', format: 'openai', value: typed };
    const definition = parseOrThrow(functionToolSchema, tool, path).function;
    return {
      type: 'function',
      name: definition.name,
      ...(definition.description ? { description: definition.description } : {}),
      // OpenAI allows omitting parameters: "a function with an empty parameter list".
      inputSchema: definition.parameters ?? { type: 'object', properties: {} },
      ...(definition.strict !== undefined && definition.strict !== null ? { strict: definition.strict } : {}),
    };
  });
}

function parseToolChoice(choice: unknown): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (typeof choice === 'string') {
    if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
    throw invalidValue(['tool_choice'], choice, ['none', 'auto', 'required']);
  }
  if (typeof choice === 'object' && !Array.isArray(choice) && (choice as { type?: unknown }).type === 'function') {
    return { type: 'tool', toolName: parseOrThrow(namedToolChoiceSchema, choice, ['tool_choice']).function.name };
  }
  if (typeof choice === 'object' && !Array.isArray(choice)) return undefined;
  throw invalidParameter(['tool_choice'], `expected one of a string or an object, but got ${describeJsonType(choice)} instead.`);
}

function parseResponseFormat(format: unknown): ResponseFormat | undefined {
  if (format === undefined || format === null) return undefined;
  const parsed = parseOrThrow(responseFormatSchema, format, ['response_format']);
  if (parsed.type === 'text') return { type: 'text' };
  if (parsed.type === 'json_object') return { type: 'json' };
  const schema = parsed.json_schema;
  if (!schema) throw invalidParameter(['response_format', 'json_schema'], "required when type is 'json_schema'.");
  return {
    type: 'json',
    ...(schema.schema ? { schema: schema.schema } : {}),
    ...(schema.name ? { name: schema.name } : {}),
    ...(schema.description ? { description: schema.description } : {}),
    ...(schema.strict !== undefined && schema.strict !== null ? { strict: schema.strict } : {}),
  };
}
