import type { FinishReason } from '../../canonical/index.js';

/** Anthropic `stop_reason` → canonical finish reason, keeping the raw value. */
export function mapAnthropicFinishReason(stopReason: string | null | undefined): FinishReason {
  const raw = stopReason ?? undefined;
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return { unified: 'stop', raw };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { unified: 'length', raw };
    case 'tool_use':
      return { unified: 'tool-calls', raw };
    case 'refusal':
      return { unified: 'content-filter', raw };
    case 'pause_turn':
      return { unified: 'pause', raw };
    default:
      return { unified: 'other', raw };
  }
}
