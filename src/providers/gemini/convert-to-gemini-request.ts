import type { AssistantMessage, CanonicalMessage, CanonicalRequest, CanonicalTool, FilePart, TextPart, ToolChoice, ToolMessage, UserMessage } from '../../canonical/index.js';

type JsonObject = Record<string, unknown>;

/** A Gemini `Content`: a role (`user` or `model`) and its parts. */
interface GeminiContent {
  role: 'user' | 'model';
  parts: JsonObject[];
}

/**
 * Google's documented stand-in for a function call whose thought signature is unknown (history
 * made by another model, or replayed from a client that dropped it): Gemini 3 refuses a
 * current-turn function call without one, and accepts this value instead.
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

/** Where the converter finds the thought signature Gemini attached to an earlier function call. */
export type ThoughtSignatureLookup = (toolCallId: string) => string | undefined;

/**
 * CanonicalRequest → `generateContent` body (Gemini API and Vertex AI alike; the model goes in
 * the URL). Leading system messages become `systemInstruction`; later ones are user text, as
 * Gemini has no system turn. Tools are `functionDeclarations` with their JSON Schema as
 * `parametersJsonSchema` (untouched). Reasoning parts are dropped: Gemini reads no thought text,
 * only signatures. `providerOptions.gemini` is merged at the top level (safetySettings,
 * generationConfig extras); fields decided here win. See docs/translation-gemini.md.
 */
export function convertToGeminiRequest(request: CanonicalRequest, options: { thoughtSignatureOf?: ThoughtSignatureLookup } = {}): JsonObject {
  const { generationConfig: extraGeneration, ...geminiOptions } = request.providerOptions?.gemini ?? {};
  const leadingSystem: string[] = [];
  let position = 0;
  for (; position < request.messages.length; position++) {
    const message = request.messages[position]!;
    if (message.role !== 'system') break;
    leadingSystem.push(...message.content.map((part) => part.text));
  }
  const body: JsonObject = { ...geminiOptions, contents: convertContents(request.messages.slice(position), request.messages, options.thoughtSignatureOf) };
  if (leadingSystem.length > 0) body.systemInstruction = { parts: leadingSystem.map((text) => ({ text })) };

  const declarations = functionDeclarations(request.tools);
  if (declarations.length > 0) {
    body.tools = [{ functionDeclarations: declarations }];
    const mode = functionCallingConfig(request.toolChoice);
    if (mode) body.toolConfig = { functionCallingConfig: mode };
  }
  const generationConfig: JsonObject = { ...(isObject(extraGeneration) ? extraGeneration : {}) };
  if (request.maxOutputTokens !== undefined) generationConfig.maxOutputTokens = request.maxOutputTokens;
  if (request.temperature !== undefined) generationConfig.temperature = request.temperature;
  if (request.topP !== undefined) generationConfig.topP = request.topP;
  if (request.topK !== undefined) generationConfig.topK = request.topK;
  if (request.seed !== undefined) generationConfig.seed = request.seed;
  // Gemini takes at most five stop sequences.
  if (request.stopSequences && request.stopSequences.length > 0) generationConfig.stopSequences = request.stopSequences.slice(0, 5);
  if (request.responseFormat?.type === 'json') {
    generationConfig.responseMimeType = 'application/json';
    if (request.responseFormat.schema) generationConfig.responseJsonSchema = request.responseFormat.schema;
  }
  const thinking = thinkingConfig(request);
  if (thinking) generationConfig.thinkingConfig = { ...(isObject(generationConfig.thinkingConfig) ? generationConfig.thinkingConfig : {}), ...thinking };
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}

/** Anthropic `thinking: {type: enabled, budget_tokens}` → `thinkingConfig` with thoughts shown, so reasoning reaches the client. */
function thinkingConfig(request: CanonicalRequest): JsonObject | undefined {
  const thinking = request.providerOptions?.anthropic?.thinking;
  if (!isObject(thinking)) return undefined;
  if (thinking.type === 'disabled') return { thinkingBudget: 0 };
  if (thinking.type !== 'enabled' && thinking.type !== 'adaptive') return undefined;
  return { includeThoughts: true, ...(typeof thinking.budget_tokens === 'number' ? { thinkingBudget: thinking.budget_tokens } : {}) };
}

function convertContents(messages: readonly CanonicalMessage[], all: readonly CanonicalMessage[], thoughtSignatureOf: ThoughtSignatureLookup | undefined): GeminiContent[] {
  const contents: GeminiContent[] = [];
  const toolNames = toolNamesById(all);
  const currentTurnStart = lastUserTextIndex(messages);
  messages.forEach((message, index) => {
    const parts = convertParts(message, toolNames, thoughtSignatureOf, index > currentTurnStart);
    if (parts.length === 0) return;
    const role = message.role === 'assistant' ? 'model' : 'user';
    const last = contents.at(-1);
    // Gemini wants turns to alternate: a tool result and the user text after it are one user turn.
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  });
  return contents;
}

function convertParts(message: CanonicalMessage, toolNames: Map<string, string>, thoughtSignatureOf: ThoughtSignatureLookup | undefined, inCurrentTurn: boolean): JsonObject[] {
  switch (message.role) {
    case 'system':
      return message.content.map((part) => ({ text: part.text }));
    case 'user':
      return userParts(message);
    case 'assistant':
      return modelParts(message, thoughtSignatureOf, inCurrentTurn);
    case 'tool':
      return functionResponses(message, toolNames);
  }
}

function userParts(message: UserMessage): JsonObject[] {
  return message.content.flatMap((part): JsonObject[] => {
    if (part.type === 'text') return [textPart(part)];
    if (part.type === 'file') return filePart(part);
    return part.format === 'gemini' && isObject(part.value) ? [part.value] : [];
  });
}

function modelParts(message: AssistantMessage, thoughtSignatureOf: ThoughtSignatureLookup | undefined, inCurrentTurn: boolean): JsonObject[] {
  const parts: JsonObject[] = [];
  let firstCall = true;
  for (const part of message.content) {
    if (part.type === 'text') {
      if (part.text !== '') parts.push(textPart(part));
    } else if (part.type === 'file') {
      parts.push(...filePart(part));
    } else if (part.type === 'tool-call') {
      const known = signatureOption(part.providerOptions) ?? thoughtSignatureOf?.(part.toolCallId);
      // Only the first call of a step carries a signature; Gemini validates the current turn's.
      const signature = known ?? (firstCall && inCurrentTurn ? SKIP_THOUGHT_SIGNATURE : undefined);
      firstCall = false;
      parts.push({ functionCall: { name: part.toolName, args: toolArguments(part.input) }, ...(signature ? { thoughtSignature: signature } : {}) });
    } else if (part.type === 'raw' && part.format === 'gemini' && isObject(part.value)) {
      parts.push(part.value);
    }
    // Reasoning is not sent: Gemini reads thought signatures, never thought text.
  }
  return parts;
}

function functionResponses(message: ToolMessage, toolNames: Map<string, string>): JsonObject[] {
  return message.content.flatMap((result) => {
    const text = result.output.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');
    const files = result.output.filter((item): item is FilePart => item.type === 'file').flatMap(filePart);
    const name = result.toolName ?? toolNames.get(result.toolCallId) ?? result.toolCallId;
    return [{ functionResponse: { name, response: result.isError ? { error: text } : { output: text } } }, ...files];
  });
}

function textPart(part: TextPart): JsonObject {
  const signature = signatureOption(part.providerOptions);
  return { text: part.text, ...(signature ? { thoughtSignature: signature } : {}) };
}

/** Base64 data inline; a URL as `fileData` (Gemini fetches `gs://` and https URIs); provider file ids have no meaning here. */
function filePart(part: FilePart): JsonObject[] {
  if (part.data.kind === 'base64') return [{ inlineData: { mimeType: part.mediaType, data: part.data.base64 } }];
  if (part.data.kind === 'url') return [{ fileData: { mimeType: part.mediaType, fileUri: part.data.url } }];
  return [];
}

function functionDeclarations(tools: readonly CanonicalTool[] | undefined): JsonObject[] {
  return (tools ?? []).flatMap((tool): JsonObject[] => {
    if (tool.type === 'provider') return [];
    return [{ name: tool.name, ...(tool.description ? { description: tool.description } : {}), parametersJsonSchema: tool.inputSchema }];
  });
}

function functionCallingConfig(choice: ToolChoice | undefined): JsonObject | undefined {
  switch (choice?.type) {
    case undefined:
      return undefined;
    case 'auto':
      return { mode: 'AUTO' };
    case 'none':
      return { mode: 'NONE' };
    case 'required':
      return { mode: 'ANY' };
    case 'tool':
      return { mode: 'ANY', allowedFunctionNames: [choice.toolName] };
  }
}

/** `functionCall.args` must be an object: arguments that were not valid JSON travel as `{_raw: text}`. */
function toolArguments(input: unknown): JsonObject {
  if (isObject(input)) return input;
  if (typeof input === 'string') {
    try {
      const parsed = JSON.parse(input) as unknown;
      if (isObject(parsed)) return parsed;
    } catch {
      // Kept as text below.
    }
    return input === '' ? {} : { _raw: input };
  }
  return {};
}

function signatureOption(options: Record<string, Record<string, unknown>> | undefined): string | undefined {
  const signature = options?.gemini?.thoughtSignature;
  return typeof signature === 'string' && signature !== '' ? signature : undefined;
}

function toolNamesById(messages: readonly CanonicalMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    for (const part of message.content) if (part.type === 'tool-call') names.set(part.toolCallId, part.toolName);
  }
  return names;
}

/** Index of the last user message with text (the start of the current turn), -1 when none. */
function lastUserTextIndex(messages: readonly CanonicalMessage[]): number {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.role === 'user' && message.content.some((part) => part.type === 'text')) return index;
  }
  return -1;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
