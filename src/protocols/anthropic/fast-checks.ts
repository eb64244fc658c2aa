import type { z } from 'zod';
import {
  anyBlockSchema,
  customToolSchema,
  messageSchema,
  requestSchema,
  textBlockSchema,
  toolResultBlockSchema,
  toolUseBlockSchema,
} from './schemas.js';

/*
 * Hand-written checks for the schemas a long conversation runs through hundreds of times per
 * request (every message, every text, tool_use and tool_result block). Each answers true only
 * when its zod schema certainly accepts the value, and then the value itself is the parse's
 * result: zod's parse of these lenient (`looseObject`, no defaults, no transforms) schemas copies
 * every object it walks, and on a 290 KB session that copying and walking cost more than the JSON
 * parse. Anything a check is not sure of goes to zod, which decides and words the error, so an
 * accepted value and every error stay exactly as before.
 */

type Check = (value: unknown) => boolean;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isNullish = (value: unknown): boolean => value === undefined || value === null;
const isString = (value: unknown): boolean => typeof value === 'string';
const isNullishString = (value: unknown): boolean => isNullish(value) || typeof value === 'string';
const isNullishNumber = (value: unknown): boolean => isNullish(value) || (typeof value === 'number' && Number.isFinite(value));
const isNullishBoolean = (value: unknown): boolean => isNullish(value) || typeof value === 'boolean';
const isNullishInteger = (value: unknown): boolean => isNullish(value) || (typeof value === 'number' && Number.isSafeInteger(value));

function isAnyBlock(value: unknown): boolean {
  return isRecord(value) && typeof value['type'] === 'string';
}

function isBlockArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const block of value) if (!isAnyBlock(block)) return false;
  return true;
}

function isMessageContent(value: unknown): boolean {
  return typeof value === 'string' || isBlockArray(value);
}

function isMessage(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const role = value['role'];
  return (role === 'user' || role === 'assistant' || role === 'system') && isMessageContent(value['content']);
}

function isRequest(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const maxTokens = value['max_tokens'];
  if (!isString(value['model']) || typeof maxTokens !== 'number' || !Number.isSafeInteger(maxTokens) || maxTokens < 1) return false;
  const messages = value['messages'];
  if (!Array.isArray(messages)) return false;
  for (const message of messages) if (!isMessage(message)) return false;
  const system = value['system'];
  if (!isNullish(system) && typeof system !== 'string' && !isBlockArray(system)) return false;
  const tools = value['tools'];
  if (!isNullish(tools) && !(Array.isArray(tools) && tools.every(isRecord))) return false;
  const toolChoice = value['tool_choice'];
  if (!isNullish(toolChoice) && !isAnyBlock(toolChoice)) return false;
  const stop = value['stop_sequences'];
  if (!isNullish(stop) && !(Array.isArray(stop) && stop.every(isString))) return false;
  const metadata = value['metadata'];
  if (!isNullish(metadata) && !(isRecord(metadata) && isNullishString(metadata['user_id']))) return false;
  return (
    isNullishNumber(value['temperature']) &&
    isNullishNumber(value['top_p']) &&
    isNullishInteger(value['top_k']) &&
    isNullishBoolean(value['stream'])
  );
}

function isTextBlock(value: unknown): boolean {
  return isRecord(value) && value['type'] === 'text' && isString(value['text']);
}

function isToolUseBlock(value: unknown): boolean {
  return isRecord(value) && value['type'] === 'tool_use' && isString(value['id']) && isString(value['name']) && isRecord(value['input']);
}

function isToolResultBlock(value: unknown): boolean {
  if (!isRecord(value) || value['type'] !== 'tool_result' || !isString(value['tool_use_id'])) return false;
  const content = value['content'];
  return (isNullish(content) || isMessageContent(content)) && isNullishBoolean(value['is_error']);
}

function isCustomTool(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const type = value['type'];
  return (isNullish(type) || type === 'custom') && isString(value['name']) && isNullishString(value['description']) && isRecord(value['input_schema']) && isNullishBoolean(value['strict']);
}

/** The checks by the schema they stand in for. */
export const FAST_CHECKS: ReadonlyMap<z.ZodType, Check> = new Map<z.ZodType, Check>([
  [requestSchema, isRequest],
  [messageSchema, isMessage],
  [anyBlockSchema, isAnyBlock],
  [textBlockSchema, isTextBlock],
  [toolUseBlockSchema, isToolUseBlock],
  [toolResultBlockSchema, isToolResultBlock],
  [customToolSchema, isCustomTool],
]);
