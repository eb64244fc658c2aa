import type { FinishReason } from './finish-reason.js';
import type { ProviderMetadata } from './provider-options.js';
import type { Usage } from './usage.js';

/**
 * One event of a streamed answer. Content parts come in `start`, `delta`…, `end` runs keyed by
 * `id`; runs do not interleave in practice but consumers must not rely on it.
 */
export type StreamPart =
  /** First part of every stream. */
  | { type: 'stream-start' }
  /** Response identity, as soon as the provider tells it. */
  | { type: 'response-metadata'; id?: string; modelId?: string; usage?: Usage }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string }
  /** `redactedData` set: an Anthropic `redacted_thinking` block (no deltas follow). */
  | { type: 'reasoning-start'; id: string; redactedData?: string }
  | { type: 'reasoning-delta'; id: string; delta: string }
  /** `signature` is the Anthropic thinking signature, when the provider sent one. */
  | { type: 'reasoning-end'; id: string; signature?: string }
  /** A tool call begins; `id` is the tool call id. */
  | { type: 'tool-input-start'; id: string; toolName: string }
  /** A fragment of the JSON text of the arguments. */
  | { type: 'tool-input-delta'; id: string; delta: string }
  | { type: 'tool-input-end'; id: string }
  /** The complete call, after its input ended. `input` is the full JSON text. */
  | { type: 'tool-call'; toolCallId: string; toolName: string; input: string }
  /** Last part of a successful stream. `usage` is the total for the whole answer. */
  | { type: 'finish'; finishReason: FinishReason; usage: Usage; providerMetadata?: ProviderMetadata }
  /** The stream failed after it started; nothing follows. */
  | { type: 'error'; error: unknown }
  /**
   * One upstream wire frame, emitted before the parts derived from it. A renderer of the same
   * format may write it as-is (passthrough); every other consumer ignores it.
   */
  | { type: 'raw'; format: string; frame: string };

export type StreamPartType = StreamPart['type'];
