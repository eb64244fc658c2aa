import type {
  AssistantPart,
  FilePart,
  ProviderOptions,
  RawPart,
  TextPart,
  ToolResultPart,
  UserMessage,
} from '../../canonical/index.js';
import {
  documentBlockSchema,
  imageBlockSchema,
  redactedThinkingBlockSchema,
  textBlockSchema,
  thinkingBlockSchema,
  toolResultBlockSchema,
  toolUseBlockSchema,
} from './schemas.js';
import { validate } from './validate.js';

/** A content block as it arrived: an object with a string `type` and anything else. */
export type AnthropicBlock = { type: string } & Record<string, unknown>;
type Path = ReadonlyArray<PropertyKey>;
type UserPart = UserMessage['content'][number];

const NO_EXTRAS: { providerOptions?: ProviderOptions } = Object.freeze({});

/**
 * Block fields the canonical part has no slot for (cache_control, citations, caller, ...), kept
 * under providerOptions.anthropic so an Anthropic target gets them back verbatim.
 */
export function anthropicExtras(block: Record<string, unknown>, known: readonly string[]): { providerOptions?: ProviderOptions } {
  // Built only when a block has an extra field: most blocks have none, and this runs for every
  // block of a long conversation (Object.entries allocated a pair per field of each).
  let extras: Record<string, unknown> | undefined;
  for (const key in block) {
    if (!Object.hasOwn(block, key) || known.includes(key)) continue;
    const value = block[key];
    if (value === undefined) continue;
    (extras ??= {})[key] = value;
  }
  return extras === undefined ? NO_EXTRAS : { providerOptions: { anthropic: extras } };
}

/** `text` block → TextPart. */
export function parseTextBlock(block: AnthropicBlock, path: Path): TextPart {
  const text = validate(textBlockSchema, block, path);
  return { type: 'text', text: text.text, ...anthropicExtras(block, ['type', 'text']) };
}

/**
 * `image` / `document` block → FilePart. A document whose source is inline `content` blocks has
 * no file equivalent and stays a RawPart.
 */
export function parseFileBlock(block: AnthropicBlock, path: Path): FilePart | RawPart {
  if (block.type === 'image') {
    const image = validate(imageBlockSchema, block, path);
    const extras = anthropicExtras(block, ['type', 'source']);
    switch (image.source.type) {
      case 'base64':
        return { type: 'file', mediaType: image.source.media_type, data: { kind: 'base64', base64: image.source.data }, ...extras };
      case 'url':
        // The media type of a URL image is only known once fetched; `image/*` keeps it an image.
        return { type: 'file', mediaType: 'image/*', data: { kind: 'url', url: image.source.url }, ...extras };
      case 'file':
        return { type: 'file', mediaType: 'image/*', data: { kind: 'file-id', fileId: image.source.file_id }, ...extras };
    }
  }
  const document = validate(documentBlockSchema, block, path);
  const extras = anthropicExtras(block, ['type', 'source']);
  const filename = typeof document.title === 'string' ? { filename: document.title } : {};
  switch (document.source.type) {
    case 'base64':
      return { type: 'file', mediaType: document.source.media_type, data: { kind: 'base64', base64: document.source.data }, ...filename, ...extras };
    case 'url':
      // Anthropic URL documents are PDFs (URLPDFSource).
      return { type: 'file', mediaType: 'application/pdf', data: { kind: 'url', url: document.source.url }, ...filename, ...extras };
    case 'file':
      return { type: 'file', mediaType: 'application/octet-stream', data: { kind: 'file-id', fileId: document.source.file_id }, ...filename, ...extras };
    case 'text':
      return {
        type: 'file',
        mediaType: document.source.media_type ?? 'text/plain',
        data: { kind: 'base64', base64: Buffer.from(document.source.data, 'utf8').toString('base64') },
        ...filename,
        ...extras,
      };
    case 'content':
      return { type: 'raw', format: 'anthropic', value: block };
  }
}

/** A block of a user message other than tool_result. Unknown types become RawParts. */
export function parseUserBlock(block: AnthropicBlock, path: Path): UserPart {
  switch (block.type) {
    case 'text':
      return parseTextBlock(block, path);
    case 'image':
    case 'document':
      return parseFileBlock(block, path);
    default:
      return { type: 'raw', format: 'anthropic', value: block };
  }
}

/** A block of an assistant message. Unknown types (server_tool_use, ...) become RawParts. */
export function parseAssistantBlock(block: AnthropicBlock, path: Path): AssistantPart {
  switch (block.type) {
    case 'text':
      return parseTextBlock(block, path);
    case 'image':
    case 'document':
      return parseFileBlock(block, path);
    case 'thinking': {
      const thinking = validate(thinkingBlockSchema, block, path);
      return { type: 'reasoning', text: thinking.thinking, signature: thinking.signature };
    }
    case 'redacted_thinking': {
      const redacted = validate(redactedThinkingBlockSchema, block, path);
      return { type: 'reasoning', text: '', redactedData: redacted.data };
    }
    case 'tool_use': {
      const toolUse = validate(toolUseBlockSchema, block, path);
      return {
        type: 'tool-call',
        toolCallId: toolUse.id,
        toolName: toolUse.name,
        input: toolUse.input,
        ...anthropicExtras(block, ['type', 'id', 'name', 'input']),
      };
    }
    default:
      return { type: 'raw', format: 'anthropic', value: block };
  }
}

/**
 * `tool_result` block → ToolResultPart. Content blocks a ToolResultPart cannot hold
 * (search_result, tool_reference, ...) keep the whole original `content` in providerOptions so an
 * Anthropic target still gets it; other targets see the text and files only.
 */
export function parseToolResultBlock(block: AnthropicBlock, path: Path, toolNames: ReadonlyMap<string, string>): ToolResultPart {
  const result = validate(toolResultBlockSchema, block, path);
  const output: Array<TextPart | FilePart> = [];
  let lossy = false;
  if (typeof result.content === 'string') {
    output.push({ type: 'text', text: result.content });
  } else if (Array.isArray(result.content)) {
    result.content.forEach((item, index) => {
      const part = parseUserBlock(item, [...path, 'content', index]);
      if (part.type === 'raw') lossy = true;
      else output.push(part);
    });
  }
  const extras = anthropicExtras(block, ['type', 'tool_use_id', 'content', 'is_error']);
  const providerOptions = lossy
    ? { providerOptions: { anthropic: { ...extras.providerOptions?.anthropic, content: result.content } } }
    : extras;
  const toolName = toolNames.get(result.tool_use_id);
  return {
    type: 'tool-result',
    toolCallId: result.tool_use_id,
    ...(toolName !== undefined ? { toolName } : {}),
    output,
    ...(typeof result.is_error === 'boolean' ? { isError: result.is_error } : {}),
    ...providerOptions,
  };
}
