import type { FinishReason } from '../../canonical/index.js';

/**
 * Every Converse `stopReason`, by what it means to a client. A guardrail or content filter is a
 * finished answer (`content-filter`), never a failure: the same request would be stopped on any
 * healthy target with that guardrail, so it must not count as an outage.
 */
const UNIFIED: Readonly<Record<string, FinishReason['unified']>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  guardrail_intervened: 'content-filter',
  content_filtered: 'content-filter',
  // The model's own output could not be read as an answer or a call.
  malformed_model_output: 'error',
  malformed_tool_use: 'error',
};

/** Converse `stopReason` → canonical, the raw value kept. */
export function mapConverseStopReason(reason: string | null | undefined): FinishReason {
  const raw = reason ?? undefined;
  return { unified: raw === undefined ? 'other' : (UNIFIED[raw] ?? 'other'), raw };
}
