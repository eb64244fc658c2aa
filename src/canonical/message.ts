import type { ProviderOptions } from './provider-options.js';

/** Plain text. `providerOptions.anthropic` keeps `cache_control` and `citations`. */
export interface TextPart {
  type: 'text';
  text: string;
  providerOptions?: ProviderOptions;
}

/** Where a file's bytes live. */
export type FileData =
  | { kind: 'base64'; base64: string }
  | { kind: 'url'; url: string }
  /** A provider-side file id (Anthropic Files API); has no meaning on other providers. */
  | { kind: 'file-id'; fileId: string };

/** An image or document. `mediaType` is an IANA type such as `image/png` or `application/pdf`. */
export interface FilePart {
  type: 'file';
  mediaType: string;
  data: FileData;
  /** Anthropic `document` title, when one was given. */
  filename?: string;
  /** `anthropic`: cache_control, citations, context; `openai`: `detail`. */
  providerOptions?: ProviderOptions;
}

/**
 * Model reasoning (Anthropic `thinking` / `redacted_thinking`). Never invented by a translator;
 * dropped only when the target cannot take it (OpenAI Chat Completions has no input for it).
 */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  /** Opaque signature that must be replayed unmodified to the provider that made it. */
  signature?: string;
  /** Set for `redacted_thinking`: the encrypted payload; `text` is then empty. */
  redactedData?: string;
}

/** A tool call made by the assistant. */
export interface ToolCallPart {
  type: 'tool-call';
  /** Stable across the conversation: translators keep the client's id, never mint a new one. */
  toolCallId: string;
  toolName: string;
  /** The parsed JSON arguments; a string when the model sent arguments that are not valid JSON. */
  input: unknown;
  providerOptions?: ProviderOptions;
}

/** The result of a tool call, sent back by the client. */
export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  /** Known when the call it answers is in the conversation (OpenAI needs no name, Anthropic none either). */
  toolName?: string;
  /** Text and files returned by the tool, in order. */
  output: Array<TextPart | FilePart>;
  /** Anthropic `is_error`. OpenAI has no flag: translators prefix the text (see docs/translation.md). */
  isError?: boolean;
  providerOptions?: ProviderOptions;
}

/**
 * A content block of a wire format the canonical model does not know (e.g. Anthropic
 * `server_tool_use`, `web_search_tool_result`, `search_result`). Replayed verbatim to targets of
 * the same format, dropped for others.
 */
export interface RawPart {
  type: 'raw';
  format: string;
  value: unknown;
}

export type SystemMessage = { role: 'system'; content: TextPart[]; providerOptions?: ProviderOptions };
export type UserMessage = { role: 'user'; content: Array<TextPart | FilePart | RawPart>; providerOptions?: ProviderOptions };
export type AssistantMessage = {
  role: 'assistant';
  content: Array<TextPart | FilePart | ReasoningPart | ToolCallPart | RawPart>;
  providerOptions?: ProviderOptions;
};
/** Results of the tool calls of the assistant message before it, in any order. */
export type ToolMessage = { role: 'tool'; content: ToolResultPart[]; providerOptions?: ProviderOptions };

/**
 * One turn of the conversation. System messages may appear anywhere (OpenAI system/developer
 * messages, Claude Code's in-conversation `role: "system"`); leading ones are the system prompt.
 */
export type CanonicalMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** Parts an assistant can produce (responses and stream accumulation). */
export type AssistantPart = AssistantMessage['content'][number];
