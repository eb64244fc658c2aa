import { newItemId } from './response-ids.js';

/** Output items as the Responses API writes them; `status` is the item's own. */
export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export function outputText(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

export function messageItem(id: string, status: ItemStatus, texts: string[]): Record<string, unknown> {
  return { id, type: 'message', status, role: 'assistant', content: texts.map(outputText) };
}

export function functionCallItem(id: string, status: ItemStatus, callId: string, name: string, argumentsText: string): Record<string, unknown> {
  return { id, type: 'function_call', status, arguments: argumentsText, call_id: callId, name };
}

export function customToolCallItem(id: string, status: ItemStatus, callId: string, name: string, input: string): Record<string, unknown> {
  return { id, type: 'custom_tool_call', status, call_id: callId, name, input };
}

/**
 * A reasoning item. Reasoning from another provider (Anthropic thinking) is shown as its summary
 * text; it carries no `encrypted_content`, since only OpenAI could read that back.
 */
export function reasoningItem(id: string, summaries: string[]): Record<string, unknown> {
  return { id, type: 'reasoning', summary: summaries.map((text) => ({ type: 'summary_text', text })) };
}

/** The text a custom tool's call carries: its `input` argument (see parse-tools.ts), else the arguments as sent. */
export function customToolInput(input: unknown): string {
  if (typeof input === 'string') {
    try {
      return customToolInput(JSON.parse(input) as unknown);
    } catch {
      return input;
    }
  }
  if (typeof input === 'object' && input !== null && typeof (input as { input?: unknown }).input === 'string') return (input as { input: string }).input;
  return JSON.stringify(input ?? {});
}

export { newItemId };
