import type { ProviderOptions } from './provider-options.js';

/** A function tool the model may call. */
export interface FunctionTool {
  type: 'function';
  name: string;
  description?: string;
  /** JSON Schema of the arguments object, passed through as given. */
  inputSchema: Record<string, unknown>;
  strict?: boolean;
  /** `anthropic`: cache_control, defer_loading, eager_input_streaming, ... */
  providerOptions?: ProviderOptions;
}

/**
 * A provider-defined tool with no portable meaning (Anthropic server tools such as
 * `web_search_20250305`, OpenAI `custom` tools). Sent only to targets of `format`.
 */
export interface ProviderTool {
  type: 'provider';
  format: string;
  value: Record<string, unknown>;
}

export type CanonicalTool = FunctionTool | ProviderTool;

/** How the model must use tools. */
export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  /** Must call some tool (Anthropic `any`, OpenAI `required`). */
  | { type: 'required' }
  | { type: 'tool'; toolName: string };
