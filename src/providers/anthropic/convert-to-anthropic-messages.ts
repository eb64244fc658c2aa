import type { CanonicalMessage, FilePart, ProviderOptions, TextPart, ToolResultPart } from '../../canonical/index.js';

type Block = Record<string, unknown>;
/** One message of the Anthropic `messages` array. */
export interface AnthropicMessageParam {
  role: 'user' | 'assistant';
  content: Block[];
}

/** The `system` blocks and `messages` of an Anthropic request. */
export interface ConvertedMessages {
  system: Block[];
  messages: AnthropicMessageParam[];
}

/**
 * Canonical messages → Anthropic `system` + `messages`.
 * - Every system message goes to `system`, wherever it stood: Anthropic's own OpenAI
 *   compatibility layer hoists them the same way (platform.claude.com/docs/en/api/openai-sdk).
 * - Tool messages become tool_result blocks of a user message; consecutive messages of one role
 *   are merged (Anthropic needs user/assistant alternation), tool_result blocks first.
 * - Reasoning is sent only when it carries a signature or redacted data (never invented);
 *   raw parts only when they are Anthropic blocks; empty text blocks are left out (400 otherwise).
 */
export function convertToAnthropicMessages(messages: CanonicalMessage[]): ConvertedMessages {
  const system: Block[] = [];
  const converted: AnthropicMessageParam[] = [];
  for (const message of messages) {
    let role: 'user' | 'assistant';
    let content: Block[];
    switch (message.role) {
      case 'system':
        system.push(...message.content.flatMap(textBlock));
        continue;
      case 'tool':
        role = 'user';
        content = message.content.map(toolResultBlock);
        break;
      case 'user':
        role = 'user';
        content = message.content.flatMap((part) => (part.type === 'raw' ? rawBlock(part.format, part.value) : part.type === 'file' ? fileBlock(part) : textBlock(part)));
        break;
      case 'assistant':
        role = 'assistant';
        content = message.content.flatMap((part): Block[] => {
          switch (part.type) {
            case 'text':
              return textBlock(part);
            case 'file':
              return fileBlock(part);
            case 'reasoning':
              if (part.redactedData !== undefined) return [{ type: 'redacted_thinking', data: part.redactedData }];
              return part.signature ? [{ type: 'thinking', thinking: part.text, signature: part.signature }] : [];
            case 'tool-call':
              return [{ type: 'tool_use', id: part.toolCallId, name: part.toolName, input: toInputObject(part.input), ...anthropicOptions(part.providerOptions) }];
            case 'raw':
              return rawBlock(part.format, part.value);
          }
        });
        break;
    }
    if (content.length === 0) continue;
    const previous = converted.at(-1);
    if (previous && previous.role === role) previous.content.push(...content);
    else converted.push({ role, content });
  }
  for (const message of converted) {
    if (message.role === 'user') message.content = toolResultsFirst(message.content);
  }
  return { system, messages: converted };
}

function anthropicOptions(providerOptions: ProviderOptions | undefined): Record<string, unknown> {
  return providerOptions?.['anthropic'] ?? {};
}

function textBlock(part: TextPart): Block[] {
  return part.text === '' ? [] : [{ type: 'text', text: part.text, ...anthropicOptions(part.providerOptions) }];
}

function rawBlock(format: string, value: unknown): Block[] {
  return format === 'anthropic' && typeof value === 'object' && value !== null ? [value as Block] : [];
}

/** Images → image blocks; PDFs, plain text and provider files → document blocks; other types are dropped. */
export function fileBlock(part: FilePart): Block[] {
  const extras = anthropicOptions(part.providerOptions);
  const data = part.data.kind === 'url' ? fromDataUrl(part.data.url) ?? part.data : part.data;
  const isImage = part.mediaType.startsWith('image/');
  let source: Block;
  if (data.kind === 'file-id') {
    source = { type: 'file', file_id: data.fileId };
  } else if (data.kind === 'url') {
    source = { type: 'url', url: data.url };
  } else if (isImage || part.mediaType === 'application/pdf') {
    source = { type: 'base64', media_type: data.kind === 'base64' && 'mediaType' in data ? data.mediaType : part.mediaType, data: data.base64 };
  } else if (part.mediaType.startsWith('text/')) {
    source = { type: 'text', media_type: 'text/plain', data: Buffer.from(data.base64, 'base64').toString('utf8') };
  } else {
    // Audio, video, office files: Anthropic has no block for them.
    return [];
  }
  if (isImage) return [{ type: 'image', source, ...extras }];
  const title = part.filename !== undefined && extras['title'] === undefined ? { title: part.filename } : {};
  return [{ type: 'document', source, ...title, ...extras }];
}

/** `data:<type>;base64,<data>` → base64 source data, so inline images are not sent as URLs. */
function fromDataUrl(url: string): { kind: 'base64'; base64: string; mediaType: string } | undefined {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return match?.[1] && match[2] !== undefined ? { kind: 'base64', base64: match[2], mediaType: match[1] } : undefined;
}

function toolResultBlock(part: ToolResultPart): Block {
  const content = part.output.flatMap((item) => (item.type === 'file' ? fileBlock(item) : textBlock(item)));
  const onlyPlainText = part.output.length === 1 && part.output[0]?.type === 'text' && !part.output[0].providerOptions;
  return {
    type: 'tool_result',
    tool_use_id: part.toolCallId,
    // A lone plain text is sent as a string, as clients usually do (and it may be empty).
    ...(onlyPlainText ? { content: (part.output[0] as TextPart).text } : content.length > 0 ? { content } : {}),
    ...(part.isError !== undefined ? { is_error: part.isError } : {}),
    ...anthropicOptions(part.providerOptions),
  };
}

/** Anthropic wants a user message's tool_result blocks before anything else in it. */
function toolResultsFirst(content: Block[]): Block[] {
  const results = content.filter((block) => block['type'] === 'tool_result');
  if (results.length === 0 || results.length === content.length) return content;
  return [...results, ...content.filter((block) => block['type'] !== 'tool_result')];
}

/** Anthropic `input` must be an object; a string of JSON is parsed, anything else becomes `{}`. */
export function toInputObject(input: unknown): Record<string, unknown> {
  if (typeof input === 'string') {
    try {
      return toInputObject(JSON.parse(input === '' ? '{}' : input) as unknown);
    } catch {
      return {};
    }
  }
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
}
