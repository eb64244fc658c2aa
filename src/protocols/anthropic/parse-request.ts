import type { CanonicalRequest } from '../../canonical/index.js';
import { InvalidRequestError } from '../../errors/index.js';
import { parseMessages, parseSystem } from './parse-messages.js';
import { parseToolChoice, parseTools } from './parse-tools.js';
import { requestSchema } from './schemas.js';
import { validate } from './validate.js';

/** Top-level fields with a canonical home; every other field goes to providerOptions.anthropic. */
const MAPPED_FIELDS = new Set([
  'model', 'max_tokens', 'messages', 'system', 'tools', 'tool_choice', 'stop_sequences',
  'temperature', 'top_p', 'top_k', 'metadata', 'stream',
]);

/**
 * Anthropic Messages request body → CanonicalRequest. Throws InvalidRequestError (with `param`)
 * worded like the real API for anything malformed; never throws anything else, whatever the JSON.
 */
export function parseAnthropicRequest(body: unknown): CanonicalRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError('Input should be a valid dictionary or object to extract fields from');
  }
  const request = validate(requestSchema, body);
  if (request.messages.length === 0) {
    throw new InvalidRequestError('messages: at least one message is required', { param: 'messages' });
  }
  const messages = [...parseSystem(request.system), ...parseMessages(request.messages)];
  const tools = parseTools(request.tools);
  const anthropicOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!MAPPED_FIELDS.has(key) && value !== undefined) anthropicOptions[key] = value;
  }
  // metadata fields other than user_id have no canonical slot: keep the whole object.
  if (request.metadata && Object.keys(request.metadata).some((key) => key !== 'user_id')) {
    anthropicOptions['metadata'] = request.metadata;
  }
  return {
    model: request.model,
    messages,
    maxOutputTokens: request.max_tokens,
    ...(typeof request.temperature === 'number' ? { temperature: request.temperature } : {}),
    ...(typeof request.top_p === 'number' ? { topP: request.top_p } : {}),
    ...(typeof request.top_k === 'number' ? { topK: request.top_k } : {}),
    ...(request.stop_sequences ? { stopSequences: request.stop_sequences } : {}),
    ...(tools ? { tools } : {}),
    ...parseToolChoice(request.tool_choice),
    ...(typeof request.metadata?.user_id === 'string' ? { userId: request.metadata.user_id } : {}),
    stream: request.stream === true,
    ...(Object.keys(anthropicOptions).length > 0 ? { providerOptions: { anthropic: anthropicOptions } } : {}),
  };
}
