import { withContinuationInstruction } from '../shared/continuation-instruction.js';
import type { ResolvedOpenAIQuirks } from './openai-quirks.js';

/**
 * Continues a broken stream on a Chat Completions server, from the text the client already has:
 * - `none`: the partial answer as the assistant's turn, then the instruction to go on from its last
 *   words (OpenAI itself has no prefill: it answers a trailing assistant message as a new turn);
 * - `trailing-assistant`: the partial answer as a trailing assistant message, which the server
 *   continues (llama.cpp's server does by default since ggml-org/llama.cpp#13174);
 * - `prefix-flag`: the same with `"prefix": true` on it (Mistral; DeepSeek's "chat prefix
 *   completion", on its beta base URL https://api.deepseek.com/beta);
 * - `continue-final-message`: the same with `continue_final_message: true` and
 *   `add_generation_prompt: false`, which vLLM requires together (its OpenAI-compatible server docs).
 * The partial answer is right-trimmed; the relay restores the seam's whitespace.
 */
export function openAIContinuation(body: Record<string, unknown>, assistantText: string, prefill: ResolvedOpenAIQuirks['assistantPrefill']): Record<string, unknown> {
  const messages: unknown[] = Array.isArray(body.messages) ? body.messages : [];
  if (assistantText.trim() === '') return body;
  if (prefill === 'none') return { ...body, messages: withContinuationInstruction(messages, assistantText) };
  const text = assistantText.trimEnd();
  const last = messages.at(-1) as { role?: unknown; content?: unknown } | undefined;
  // The client already prefilled: the model's text follows its content.
  const clientPrefill = last?.role === 'assistant' && typeof last.content === 'string';
  const assistant = { role: 'assistant', content: clientPrefill ? `${String(last.content)}${text}` : text, ...(prefill === 'prefix-flag' ? { prefix: true } : {}) };
  const continued: Record<string, unknown> = { ...body, messages: [...(clientPrefill ? messages.slice(0, -1) : messages), assistant] };
  if (prefill === 'continue-final-message') {
    continued.continue_final_message = true;
    continued.add_generation_prompt = false;
  }
  return continued;
}
