import type { FinishReason } from './finish-reason.js';
import type { AssistantPart } from './message.js';
import type { ProviderMetadata } from './provider-options.js';
import type { Usage } from './usage.js';

/** A complete (non-streamed) assistant answer. */
export interface CanonicalResponse {
  /** The provider's response id (`msg_…`, `chatcmpl-…`). */
  id: string;
  /** The model that really produced the answer, as the provider named it. */
  modelId: string;
  content: AssistantPart[];
  finishReason: FinishReason;
  usage: Usage;
  /** `anthropic`: stop_sequence, container, ...; `openai`: system_fingerprint, service_tier, refusal. */
  providerMetadata?: ProviderMetadata;
}
