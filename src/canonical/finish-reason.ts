/** Why generation ended, in the model-neutral vocabulary, with the provider's own word kept. */
export interface FinishReason {
  unified: UnifiedFinishReason;
  /** The provider's value as sent (`end_turn`, `tool_calls`, ...); undefined when it sent none. */
  raw: string | undefined;
}

/**
 * - `stop`: natural end or a stop sequence
 * - `length`: max tokens or context window reached
 * - `content-filter`: refusal / content filter
 * - `tool-calls`: the model wants tool results
 * - `pause`: Anthropic `pause_turn` (server tools); resend to continue
 * - `error`: generation ended by an error
 * - `other`: anything else
 */
export type UnifiedFinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'pause' | 'error' | 'other';
