import { createHash } from 'node:crypto';
import type {
  AssistantMessage,
  CanonicalMessage,
  CanonicalRequest,
  CanonicalTool,
  FilePart,
  RawPart,
  TextPart,
  ToolChoice,
  ToolMessage,
  UserMessage,
} from '../../canonical/index.js';
import { maxOutputTokensFor, type ResolvedOpenAIQuirks } from './openai-quirks.js';

type JsonObject = Record<string, unknown>;

/** Separator for text parts that must become one string (system prompts, flattened content). */
const TEXT_SEPARATOR = '\n\n';
/** OpenAI rejects `user` values longer than this; longer ids (Claude Code's JSON) are hashed. */
const MAX_USER_LENGTH = 64;

/**
 * CanonicalRequest → Chat Completions body. Drops what Chat Completions cannot take (reasoning
 * parts, raw parts of other formats, provider tools of other formats, `topK` unless the quirk
 * allows it, Anthropic-only options) and documents each choice inline; see docs/translation-openai.md.
 * `providerOptions.openai` is merged at the top level; fields decided here win over it.
 */
export function convertToOpenAIRequest(request: CanonicalRequest, options: { model: string; quirks: ResolvedOpenAIQuirks; stream: boolean }): JsonObject {
  const { quirks } = options;
  const { stream_options: clientStreamOptions, ...openaiOptions } = request.providerOptions?.openai ?? {};
  const body: JsonObject = { model: options.model, messages: convertMessages(request.messages, quirks), ...openaiOptions };
  body.model = options.model;

  const tools = convertTools(request.tools);
  if (tools.length > 0) {
    body.tools = tools;
    const toolChoice = convertToolChoice(request.toolChoice);
    if (toolChoice !== undefined) body.tool_choice = toolChoice;
    if (request.parallelToolCalls !== undefined && quirks.supportsParallelToolCalls) body.parallel_tool_calls = request.parallelToolCalls;
  } else if (request.toolChoice?.type === 'none') {
    body.tool_choice = 'none';
  }
  if (request.responseFormat) body.response_format = convertResponseFormat(request.responseFormat, quirks);
  if (request.maxOutputTokens !== undefined) {
    const cap = maxOutputTokensFor(options.model, quirks.maxOutputTokens);
    body[quirks.maxTokensField] = cap === undefined ? request.maxOutputTokens : Math.min(cap, request.maxOutputTokens);
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined && quirks.supportsTopK) body.top_k = request.topK;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    body.stop = request.stopSequences.slice(0, quirks.maxStopSequences);
  }
  if (request.userId !== undefined) body.user = convertUserId(request.userId);

  if (options.stream) {
    body.stream = true;
    const streamOptions = typeof clientStreamOptions === 'object' && clientStreamOptions !== null ? (clientStreamOptions as JsonObject) : {};
    // Usage is requested for our own accounting; the client's renderer still follows what the client asked.
    if (quirks.streamUsage) body.stream_options = { ...streamOptions, include_usage: true };
    else if (Object.keys(streamOptions).length > 0) body.stream_options = streamOptions;
  } else {
    delete body.stream;
  }
  for (const field of quirks.omitFields) delete body[field];
  return body;
}

function convertMessages(messages: readonly CanonicalMessage[], quirks: ResolvedOpenAIQuirks): JsonObject[] {
  const result: JsonObject[] = [];
  messages.forEach((message, position) => {
    switch (message.role) {
      case 'system': {
        const wantsDeveloper = message.providerOptions?.openai?.role === 'developer';
        result.push({
          ...messageOptions(message.providerOptions?.openai),
          role: wantsDeveloper && quirks.developerRole ? 'developer' : 'system',
          content: textContent(message.content, quirks),
        });
        return;
      }
      case 'user':
        result.push({ ...messageOptions(message.providerOptions?.openai), role: 'user', content: userContent(message.content, quirks) });
        return;
      case 'assistant':
        result.push(convertAssistantMessage(message));
        return;
      case 'tool':
        result.push(...convertToolMessage(message, findCallOrder(messages, position), quirks));
        return;
    }
  });
  return result;
}

/** Message-level OpenAI fields (`name`, `audio`, …) kept by the inbound parser; `role` is decided here. */
function messageOptions(openai: Record<string, unknown> | undefined): JsonObject {
  if (!openai) return {};
  const { role: _role, ...rest } = openai;
  return rest;
}

function textContent(parts: readonly TextPart[], quirks: ResolvedOpenAIQuirks): string | JsonObject[] {
  if (parts.length === 1) return parts[0]!.text;
  if (quirks.flattenTextContent || parts.length === 0) return parts.map((part) => part.text).join(TEXT_SEPARATOR);
  return parts.map((part) => ({ type: 'text', text: part.text }));
}

function userContent(parts: UserMessage['content'], quirks: ResolvedOpenAIQuirks): string | JsonObject[] {
  const converted = parts.flatMap((part) => convertUserPart(part, quirks));
  if (converted.every((part) => part.type === 'text')) {
    const texts = converted.map((part) => ({ type: 'text' as const, text: String(part.text) }));
    return textContent(texts, quirks);
  }
  return converted;
}

function convertUserPart(part: TextPart | FilePart | RawPart, quirks: ResolvedOpenAIQuirks): JsonObject[] {
  switch (part.type) {
    case 'text':
      return [{ type: 'text', text: part.text }];
    case 'file':
      return [convertFilePart(part, quirks)];
    case 'raw':
      // Parts OpenAI clients sent that the canonical model does not know (input_audio, file ids).
      return part.format === 'openai' && isObject(part.value) ? [part.value] : [];
  }
}

/**
 * Images → `image_url` (base64 as a data URL); PDFs → the `file` part with a data URL; base64
 * text documents → their text; anything else (URL documents, provider file ids, servers
 * without file parts) → a short text note, so the model knows something was left out.
 */
export function convertFilePart(part: FilePart, quirks: ResolvedOpenAIQuirks): JsonObject {
  const label = part.filename ? `"${part.filename}" (${part.mediaType})` : part.mediaType;
  if (part.mediaType.startsWith('image/')) {
    const detail = part.providerOptions?.openai?.detail;
    if (part.data.kind === 'base64') return { type: 'image_url', image_url: { url: `data:${part.mediaType};base64,${part.data.base64}`, ...(detail ? { detail } : {}) } };
    if (part.data.kind === 'url') return { type: 'image_url', image_url: { url: part.data.url, ...(detail ? { detail } : {}) } };
  } else if (part.data.kind === 'base64' && part.mediaType.startsWith('text/')) {
    const text = Buffer.from(part.data.base64, 'base64').toString('utf8');
    return { type: 'text', text: part.filename ? `${part.filename}:\n${text}` : text };
  } else if (part.data.kind === 'base64' && quirks.supportsFileParts) {
    return {
      type: 'file',
      file: { file_data: `data:${part.mediaType};base64,${part.data.base64}`, ...(part.filename ? { filename: part.filename } : {}) },
    };
  }
  return { type: 'text', text: `[file ${label} omitted: this provider cannot receive it]` };
}

function convertAssistantMessage(message: AssistantMessage): JsonObject {
  const texts: string[] = [];
  const toolCalls: JsonObject[] = [];
  for (const part of message.content) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'tool-call') {
      toolCalls.push({
        id: part.toolCallId,
        type: 'function',
        function: { name: part.toolName, arguments: typeof part.input === 'string' ? part.input : JSON.stringify(part.input ?? {}) },
      });
    } else if (part.type === 'raw' && part.format === 'openai' && isObject(part.value)) {
      // Custom tool calls an OpenAI client sent back.
      toolCalls.push(part.value);
    }
    // Reasoning parts: Chat Completions has no input for them. Files: assistants cannot send files.
  }
  // Joined without a separator, as response rendering does: they are pieces of one answer.
  const text = texts.join('');
  const converted: JsonObject = {
    ...messageOptions(message.providerOptions?.openai),
    role: 'assistant',
    content: texts.length === 0 && toolCalls.length > 0 ? null : text,
  };
  if (toolCalls.length > 0) converted.tool_calls = toolCalls;
  return converted;
}

/** Tool call ids of the closest assistant message before `position`, in call order. */
function findCallOrder(messages: readonly CanonicalMessage[], position: number): string[] {
  for (let index = position - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.role === 'assistant') return message.content.flatMap((part) => (part.type === 'tool-call' ? [part.toolCallId] : []));
  }
  return [];
}

/**
 * One `tool` message per result, in the order of the assistant's calls. OpenAI has no error
 * flag: an error result's text is prefixed with `error: `. Tool messages cannot hold images,
 * so files from results move into one user message right after the tool messages.
 */
function convertToolMessage(message: ToolMessage, callOrder: readonly string[], quirks: ResolvedOpenAIQuirks): JsonObject[] {
  const rank = (id: string): number => {
    const index = callOrder.indexOf(id);
    return index === -1 ? callOrder.length : index;
  };
  const results = [...message.content].sort((a, b) => rank(a.toolCallId) - rank(b.toolCallId));
  const toolMessages: JsonObject[] = [];
  const attachments: JsonObject[] = [];
  for (const result of results) {
    const texts = result.output.flatMap((part) => (part.type === 'text' ? [part.text] : []));
    const files = result.output.filter((part): part is FilePart => part.type === 'file');
    let content = texts.join(TEXT_SEPARATOR);
    if (result.isError) content = `error: ${content}`;
    toolMessages.push({ role: 'tool', tool_call_id: result.toolCallId, content });
    if (files.length > 0) {
      attachments.push({ type: 'text', text: `Attachments of tool result ${result.toolCallId}:` });
      attachments.push(...files.map((file) => convertFilePart(file, quirks)));
    }
  }
  if (attachments.length > 0) toolMessages.push({ role: 'user', content: attachments });
  return toolMessages;
}

function convertTools(tools: readonly CanonicalTool[] | undefined): JsonObject[] {
  return (tools ?? []).flatMap((tool): JsonObject[] => {
    if (tool.type === 'provider') return tool.format === 'openai' ? [tool.value] : [];
    // Anthropic-only fields (cache_control, defer_loading, …) live in providerOptions and are dropped.
    return [
      {
        type: 'function',
        function: {
          name: tool.name,
          ...(tool.description !== undefined ? { description: tool.description } : {}),
          parameters: tool.inputSchema,
          ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
        },
      },
    ];
  });
}

function convertToolChoice(choice: ToolChoice | undefined): unknown {
  switch (choice?.type) {
    case undefined:
      return undefined;
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool':
      return { type: 'function', function: { name: choice.toolName } };
  }
}

function convertResponseFormat(format: NonNullable<CanonicalRequest['responseFormat']>, quirks: ResolvedOpenAIQuirks): JsonObject {
  if (format.type === 'text') return { type: 'text' };
  if (!format.schema || !quirks.supportsResponseFormatJsonSchema) return { type: 'json_object' };
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name ?? 'response',
      ...(format.description !== undefined ? { description: format.description } : {}),
      schema: format.schema,
      ...(format.strict !== undefined ? { strict: format.strict } : {}),
    },
  };
}

/** Ids over OpenAI's length limit are replaced by their SHA-256 (stable, so abuse tracking still works). */
function convertUserId(userId: string): string {
  return userId.length <= MAX_USER_LENGTH ? userId : createHash('sha256').update(userId).digest('hex');
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
