import type { AssistantMessage, CanonicalMessage, CanonicalRequest, CanonicalTool, FilePart, TextPart, ToolChoice, ToolMessage, UserMessage } from '../../canonical/index.js';
import type { ProviderOptions } from '../../canonical/provider-options.js';

type JsonObject = Record<string, unknown>;

/** A Converse `Message`: a role and its content blocks (each an object with exactly one member). */
interface ConverseMessage {
  role: 'user' | 'assistant';
  content: JsonObject[];
}

/** What the converter needs to know of the model besides the request. */
export interface ConverseTarget {
  /**
   * Claude through Converse: thinking blocks with their signatures, tool result `status` and
   * `top_k`/`thinking` in `additionalModelRequestFields` are Claude's; other models get none.
   */
  claude: boolean;
  /** The Bedrock model id (`amazon.nova-pro-v1:0`), for model-specific field names. */
  modelId: string;
}

const IMAGE_FORMATS: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };
const DOCUMENT_FORMATS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
};
const CACHE_POINT: JsonObject = { cachePoint: { type: 'default' } };

/**
 * CanonicalRequest → Converse body (`/model/{modelId}/converse` and `/converse-stream`; the model
 * goes in the path). Leading system messages become `system`, later ones user text; turns are
 * merged so roles alternate as Converse requires; Anthropic `cache_control` becomes a
 * `cachePoint` after its block; tools are `toolConfig.tools[].toolSpec` with the JSON Schema
 * untouched. `providerOptions.bedrock` is merged into `additionalModelRequestFields`.
 * See docs/translation-bedrock-converse.md.
 */
export function convertToConverseRequest(request: CanonicalRequest, target: ConverseTarget): JsonObject {
  const system: JsonObject[] = [];
  let position = 0;
  for (; position < request.messages.length; position++) {
    const message = request.messages[position]!;
    if (message.role !== 'system') break;
    system.push(...textBlocks(message.content));
  }
  const messages = convertMessages(request.messages.slice(position), target);
  const body: JsonObject = { messages };
  if (system.length > 0) body['system'] = system;

  const inference: JsonObject = {};
  if (request.maxOutputTokens !== undefined) inference['maxTokens'] = request.maxOutputTokens;
  if (request.temperature !== undefined) inference['temperature'] = request.temperature;
  if (request.topP !== undefined) inference['topP'] = request.topP;
  if (request.stopSequences && request.stopSequences.length > 0) inference['stopSequences'] = request.stopSequences;
  if (Object.keys(inference).length > 0) body['inferenceConfig'] = inference;

  const toolConfig = convertToolConfig(request.tools, request.toolChoice, messages);
  if (toolConfig) body['toolConfig'] = toolConfig;

  const additional = additionalFields(request, target);
  if (Object.keys(additional).length > 0) body['additionalModelRequestFields'] = additional;
  return body;
}

/** Fields Converse has no member for, in the model's own request vocabulary. */
function additionalFields(request: CanonicalRequest, target: ConverseTarget): JsonObject {
  const fields: JsonObject = {};
  if (request.topK !== undefined) {
    // Nova reads its own inferenceConfig inside the additional fields; Claude, Llama and Mistral read top_k.
    if (/(^|\.)amazon\.nova/.test(target.modelId)) fields['inferenceConfig'] = { topK: request.topK };
    else fields['top_k'] = request.topK;
  }
  const thinking = request.providerOptions?.anthropic?.['thinking'];
  if (target.claude && isObject(thinking)) fields['thinking'] = thinking;
  return { ...fields, ...(request.providerOptions?.['bedrock'] ?? {}) };
}

function convertMessages(messages: readonly CanonicalMessage[], target: ConverseTarget): ConverseMessage[] {
  const out: ConverseMessage[] = [];
  for (const message of messages) {
    const content = blocksOf(message, target);
    if (content.length === 0) continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const last = out.at(-1);
    // Converse wants roles to alternate: a tool result and the user text after it are one user turn.
    if (last && last.role === role) last.content.push(...content);
    else out.push({ role, content });
  }
  return out;
}

function blocksOf(message: CanonicalMessage, target: ConverseTarget): JsonObject[] {
  switch (message.role) {
    case 'system':
      return textBlocks(message.content);
    case 'user':
      return userBlocks(message);
    case 'assistant':
      return assistantBlocks(message, target);
    case 'tool':
      return toolResults(message, target);
  }
}

function userBlocks(message: UserMessage): JsonObject[] {
  return message.content.flatMap((part): JsonObject[] => {
    if (part.type === 'text') return textBlocks([part]);
    if (part.type === 'file') return withCachePoint(fileBlock(part), part.providerOptions);
    return part.format === 'bedrock' && isObject(part.value) ? [part.value] : [];
  });
}

function assistantBlocks(message: AssistantMessage, target: ConverseTarget): JsonObject[] {
  const blocks: JsonObject[] = [];
  for (const part of message.content) {
    if (part.type === 'text') blocks.push(...textBlocks([part]));
    else if (part.type === 'file') blocks.push(...fileBlock(part));
    else if (part.type === 'tool-call') blocks.push({ toolUse: { toolUseId: part.toolCallId, name: part.toolName, input: toolInput(part.input) } });
    else if (part.type === 'reasoning') {
      // Only Claude verifies and reads earlier thinking, and only signed: others get none.
      if (!target.claude) continue;
      if (part.redactedData) blocks.push({ reasoningContent: { redactedContent: part.redactedData } });
      else if (part.signature) blocks.push({ reasoningContent: { reasoningText: { text: part.text, signature: part.signature } } });
    } else if (part.type === 'raw' && part.format === 'bedrock' && isObject(part.value)) blocks.push(part.value);
  }
  return blocks;
}

function toolResults(message: ToolMessage, target: ConverseTarget): JsonObject[] {
  return message.content.flatMap((result) => {
    const content = result.output.flatMap((part): JsonObject[] => (part.type === 'text' ? (part.text === '' ? [] : [{ text: part.text }]) : fileBlock(part)));
    // Converse takes a result's `status` from Claude models only; others read the error in the text.
    if (result.isError && !target.claude) content.unshift({ text: 'error:' });
    if (content.length === 0) content.push({ text: result.isError ? 'error' : '(no output)' });
    return withCachePoint([{ toolResult: { toolUseId: result.toolCallId, content, ...(result.isError && target.claude ? { status: 'error' } : {}) } }], result.providerOptions);
  });
}

/** Text blocks, blank ones left out (Converse refuses a blank text block), each followed by its cache point. */
function textBlocks(parts: readonly TextPart[]): JsonObject[] {
  return parts.flatMap((part) => (part.text === '' ? [] : withCachePoint([{ text: part.text }], part.providerOptions)));
}

function fileBlock(part: FilePart): JsonObject[] {
  const source = fileSource(part);
  if (!source) return [];
  const image = IMAGE_FORMATS[part.mediaType];
  if (image) return [{ image: { format: image, source } }];
  const format = DOCUMENT_FORMATS[part.mediaType];
  if (!format) return [];
  return [{ document: { format, name: documentName(part.filename), source } }];
}

/** Bytes inline, or an S3 object; Converse fetches no web URL and knows no Anthropic file id. */
function fileSource(part: FilePart): JsonObject | undefined {
  if (part.data.kind === 'base64') return { bytes: part.data.base64 };
  if (part.data.kind === 'url' && part.data.url.startsWith('s3://')) return { s3Location: { uri: part.data.url } };
  return undefined;
}

/** Converse document names allow letters, digits, single spaces, hyphens, parentheses and square brackets. */
function documentName(filename: string | undefined): string {
  const cleaned = (filename ?? '').replace(/\.[A-Za-z0-9]+$/, '').replace(/[^A-Za-z0-9\s\-()[\]]/g, '-').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? 'document' : cleaned.slice(0, 200);
}

function convertToolConfig(tools: readonly CanonicalTool[] | undefined, choice: ToolChoice | undefined, messages: readonly ConverseMessage[]): JsonObject | undefined {
  const specs: JsonObject[] = [];
  for (const tool of tools ?? []) {
    if (tool.type !== 'function') continue;
    specs.push({ toolSpec: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), inputSchema: { json: tool.inputSchema } } });
    if (isObject(tool.providerOptions?.['anthropic']?.['cache_control'])) specs.push(CACHE_POINT);
  }
  if (specs.length === 0) return undefined;
  // Converse has no "none": without tool blocks in the conversation the tools are left out;
  // with them, toolConfig must stay (Converse requires it next to toolUse/toolResult blocks).
  if (choice?.type === 'none' && !messages.some((message) => message.content.some((block) => 'toolUse' in block || 'toolResult' in block))) return undefined;
  const toolChoice = choice?.type === 'required' ? { any: {} } : choice?.type === 'tool' ? { tool: { name: choice.toolName } } : choice?.type === 'auto' ? { auto: {} } : undefined;
  return { tools: specs, ...(toolChoice ? { toolChoice } : {}) };
}

function withCachePoint(blocks: JsonObject[], options: ProviderOptions | undefined): JsonObject[] {
  return blocks.length > 0 && isObject(options?.['anthropic']?.['cache_control']) ? [...blocks, CACHE_POINT] : blocks;
}

/** Converse takes the input as a JSON document; arguments that were not valid JSON go as a string member. */
function toolInput(input: unknown): unknown {
  return isObject(input) ? input : { input };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
