import type { FinishReason } from '../../canonical/index.js';

/** Every `stop_reason` the Messages API defines. */
const ANTHROPIC_STOP_REASONS: ReadonlySet<string> = new Set([
  'end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal', 'model_context_window_exceeded',
]);

/**
 * Canonical finish reason → Anthropic `stop_reason` (translation-mapping.md). An Anthropic raw
 * value is kept as is (it keeps `stop_sequence` and `model_context_window_exceeded` apart). Tool
 * use is decided by the presence of tool calls: OpenAI says `stop` when tool_choice names a tool.
 */
export function toAnthropicStopReason(finishReason: FinishReason, hasToolCalls: boolean): string {
  if (finishReason.raw !== undefined && ANTHROPIC_STOP_REASONS.has(finishReason.raw)) return finishReason.raw;
  const mapped = mapUnified(finishReason);
  return hasToolCalls && mapped === 'end_turn' ? 'tool_use' : mapped;
}

function mapUnified(finishReason: FinishReason): string {
  switch (finishReason.unified) {
    case 'length':
      return 'max_tokens';
    case 'content-filter':
      return 'refusal';
    case 'tool-calls':
      return 'tool_use';
    case 'pause':
      return 'pause_turn';
    default:
      // stop, error, other: Anthropic has no closer word than a natural end.
      return 'end_turn';
  }
}
