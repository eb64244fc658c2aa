import { randomBytes } from 'node:crypto';
import { estimateTokens } from '../estimate-tokens.js';
import { outputCharacters, type PlannedReply } from '../planned-reply.js';
import { randomBase62 } from '../random-id.js';
import { splitText } from '../split-text.js';

/** Inputs of one Gemini answer. */
export interface GeminiRenderInput {
  plan: PlannedReply;
  model: string;
  inputTokens: number;
  chunkCount: number;
  /** `thinkingConfig.includeThoughts`: thought summaries are sent only when asked for. */
  includeThoughts: boolean;
  /** Records a signature this model issued (Gemini 3 checks the ones it gets back). */
  issueSignature(): string;
}

/** Script stop reasons in other formats' words → Gemini's. */
const FINISH_REASONS: Record<string, string> = { end_turn: 'STOP', stop: 'STOP', max_tokens: 'MAX_TOKENS', length: 'MAX_TOKENS', refusal: 'SAFETY', content_filter: 'SAFETY', tool_use: 'STOP', tool_calls: 'STOP' };

/** The stop reason a script writes for a prompt Gemini blocks outright (no candidates, `promptFeedback`). */
export const PROMPT_BLOCKED = 'PROMPT_BLOCKED';

/** A thought signature as Gemini sends them: an opaque base64 blob. */
export function newThoughtSignature(): string {
  return `CiQB${randomBytes(48).toString('base64')}`;
}

/** Gemini's `responseId`: 22 or so URL-safe characters. */
const responseId = (): string => randomBase62(22);

function finishReasonOf(plan: PlannedReply): string {
  const requested = plan.stopReason;
  if (requested === undefined) return 'STOP';
  return FINISH_REASONS[requested] ?? requested;
}

function isSafetyStop(finishReason: string): boolean {
  return !['STOP', 'MAX_TOKENS'].includes(finishReason);
}

function usage(input: GeminiRenderInput, outputTokens: number, thoughtsTokens: number): Record<string, unknown> {
  return {
    promptTokenCount: input.inputTokens,
    ...(outputTokens > 0 ? { candidatesTokenCount: outputTokens } : {}),
    totalTokenCount: input.inputTokens + outputTokens + thoughtsTokens,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: input.inputTokens }],
    ...(thoughtsTokens > 0 ? { thoughtsTokenCount: thoughtsTokens } : {}),
  };
}

interface RenderedParts {
  thought: Record<string, unknown>[];
  answer: Record<string, unknown>[];
  calls: Record<string, unknown>[];
  finishReason: string;
  outputTokens: number;
  thoughtsTokens: number;
}

function renderParts(input: GeminiRenderInput, textPieces: (text: string) => string[]): RenderedParts {
  const plan = input.plan;
  const finishReason = finishReasonOf(plan);
  const calls = plan.toolCalls.map((call, index) => ({
    functionCall: { name: call.name, args: call.input },
    // Gemini 3 signs the first function call of a step.
    ...(index === 0 ? { thoughtSignature: input.issueSignature() } : {}),
  }));
  const blocked = isSafetyStop(finishReason) && finishReason !== 'MAX_TOKENS';
  const thought = input.includeThoughts && plan.thinking !== undefined ? textPieces(plan.thinking).map((text) => ({ text, thought: true })) : [];
  // A safety stop sends no content: "content is empty if content filters block the output".
  const answer = !blocked && plan.text !== undefined && plan.text !== '' ? textPieces(plan.text).map((text) => ({ text })) : [];
  return {
    thought,
    answer,
    calls: blocked ? [] : calls,
    finishReason,
    outputTokens: estimateTokens(outputCharacters({ ...plan, thinking: undefined }, plan.toolCalls.map((call) => JSON.stringify(call.input)))),
    thoughtsTokens: plan.thinking !== undefined ? estimateTokens(plan.thinking.length) : 0,
  };
}

/** The non-stream `GenerateContentResponse`, pretty-printed as the API sends it. */
export function renderGeminiResponse(input: GeminiRenderInput): string {
  if (input.plan.stopReason === PROMPT_BLOCKED) return JSON.stringify(blockedPrompt(input), null, 2);
  const rendered = renderParts(input, (text) => [text]);
  const parts = [...rendered.thought, ...rendered.answer, ...rendered.calls];
  const candidate = { ...(parts.length > 0 ? { content: { parts, role: 'model' } } : {}), finishReason: rendered.finishReason, index: 0 };
  return JSON.stringify({ candidates: [candidate], usageMetadata: usage(input, rendered.outputTokens, rendered.thoughtsTokens), modelVersion: input.model, responseId: responseId() }, null, 2);
}

function blockedPrompt(input: GeminiRenderInput): Record<string, unknown> {
  return { promptFeedback: { blockReason: 'SAFETY', safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH' }] }, usageMetadata: usage(input, 0, 0), modelVersion: input.model, responseId: responseId() };
}

/** Gemini frames SSE events with CRLF line ends. */
export function geminiFrame(json: string): string {
  return `data: ${json}\r\n\r\n`;
}

/** Every SSE frame of `streamGenerateContent?alt=sse`: one chunk per piece, the finish and usage on the last. */
export function renderGeminiStreamFrames(input: GeminiRenderInput): string[] {
  const id = responseId();
  if (input.plan.stopReason === PROMPT_BLOCKED) return [geminiFrame(JSON.stringify({ ...blockedPrompt(input), responseId: id }))];
  const rendered = renderParts(input, (text) => splitText(text, input.chunkCount).filter((piece) => piece.length > 0));
  const running = { promptTokenCount: input.inputTokens, totalTokenCount: input.inputTokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: input.inputTokens }] };
  const chunk = (parts: Record<string, unknown>[]) => JSON.stringify({ candidates: [{ content: { parts, role: 'model' }, index: 0 }], usageMetadata: running, modelVersion: input.model, responseId: id });
  const pieces = [...rendered.thought, ...rendered.answer];
  const frames = pieces.map((part) => geminiFrame(chunk([part])));
  // Function calls arrive whole, with the finish, in the last chunk (as Gemini streams them).
  const lastParts = rendered.calls;
  const candidate = { ...(lastParts.length > 0 ? { content: { parts: lastParts, role: 'model' } } : frames.length === 0 && !isSafetyStop(rendered.finishReason) ? { content: { parts: [{ text: '' }], role: 'model' } } : {}), finishReason: rendered.finishReason, index: 0 };
  frames.push(geminiFrame(JSON.stringify({ candidates: [candidate], usageMetadata: usage(input, rendered.outputTokens, rendered.thoughtsTokens), modelVersion: input.model, responseId: id })));
  return frames;
}
