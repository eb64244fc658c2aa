import type { FinishReason } from '../../canonical/index.js';

/**
 * `finish_reason` → canonical finish reason. Tool calls present mean `tool-calls` even when OpenAI
 * says `stop` (it does when `tool_choice` names a function: translation-mapping.md note 1). A
 * refusal (`message.refusal`, finish `stop`) becomes `content-filter`, the closest meaning.
 */
export function mapOpenAIFinishReason(raw: string | null | undefined, options: { hasToolCalls: boolean; isRefusal: boolean }): FinishReason {
  const rawReason = raw ?? undefined;
  if (options.isRefusal) return { unified: 'content-filter', raw: rawReason };
  if (options.hasToolCalls && rawReason !== 'length') return { unified: 'tool-calls', raw: rawReason };
  switch (rawReason) {
    case 'stop':
    case 'eos': // some compatible servers
      return { unified: 'stop', raw: rawReason };
    case 'length':
    case 'model_length':
      return { unified: 'length', raw: rawReason };
    case 'tool_calls':
    case 'function_call':
      return { unified: 'tool-calls', raw: rawReason };
    case 'content_filter':
      return { unified: 'content-filter', raw: rawReason };
    case 'error':
      return { unified: 'error', raw: rawReason };
    default:
      return { unified: 'other', raw: rawReason };
  }
}
