import type { CanonicalMessage } from './message.js';
import type { ProviderOptions } from './provider-options.js';
import type { CanonicalTool, ToolChoice } from './tool.js';

/** Structured-output request (OpenAI `response_format`). */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json'; schema?: Record<string, unknown>; name?: string; description?: string; strict?: boolean };

/**
 * A generation request in the model-neutral shape every wire format translates through.
 * Fields a format has and this does not live in `providerOptions[format]`.
 */
export interface CanonicalRequest {
  /** The model name the client asked for (before routing). */
  model: string;
  messages: CanonicalMessage[];
  /** Anthropic `max_tokens`, OpenAI `max_completion_tokens` / `max_tokens`. */
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
  tools?: CanonicalTool[];
  toolChoice?: ToolChoice;
  /** false: at most one tool call per turn (Anthropic `disable_parallel_tool_use`). */
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  /** End-user id for abuse tracking (Anthropic `metadata.user_id`, OpenAI `user`). */
  userId?: string;
  stream: boolean;
  /** `anthropic`: thinking, context_management, output_config, ...; `openai`: n, logprobs, ... */
  providerOptions?: ProviderOptions;
}
