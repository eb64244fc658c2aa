import { UpstreamHttpError } from '../../errors/index.js';
import type { ContinuationMethod } from '../provider-adapter.js';

/**
 * What providers say when a conversation may not end with an assistant message: Anthropic from the
 * 4.6 models on ("This model does not support assistant message prefill. The conversation must end
 * with a user message."), Mistral without `prefix` ("Expected last role User or Tool (or Assistant
 * with prefix True)"), DeepSeek's prefix mode outside its beta URL, servers without a prefill mode.
 */
const PREFILL_REFUSAL = /prefill|prefix|continue_final_message|final assistant|must end with a user|last (message|role)/i;

/** True for a 400 that refuses the prefill itself (not some other problem of the request). */
export function isPrefillRefusal(error: unknown): boolean {
  return error instanceof UpstreamHttpError && error.status === 400 && PREFILL_REFUSAL.test(error.providerMessage);
}

/** Models remembered per provider; past this many the oldest is forgotten (client-named models can be many). */
const MAX_REMEMBERED = 256;

/**
 * The models of one provider that refused prefill: later continuations on them go straight to
 * the instruction instead of paying for a refused request first.
 */
export class PrefillRefusals {
  readonly #models = new Set<string>();

  has(model: string): boolean {
    return this.#models.has(model);
  }

  add(model: string): void {
    this.#models.delete(model);
    this.#models.add(model);
    if (this.#models.size > MAX_REMEMBERED) this.#models.delete(this.#models.values().next().value!);
  }

  /**
   * Sends a continuation the best way the model allows: by prefill when `prefill` says the provider
   * has it and the model never refused it, else by instruction. A refusal now is remembered and the
   * same continuation is sent again by instruction.
   */
  async send<T>(model: string, prefill: boolean, sendWith: (method: ContinuationMethod) => Promise<T>): Promise<{ value: T; method: ContinuationMethod }> {
    if (!prefill || this.has(model)) return { value: await sendWith('instruction'), method: 'instruction' };
    try {
      return { value: await sendWith('prefill'), method: 'prefill' };
    } catch (error) {
      if (!isPrefillRefusal(error)) throw error;
      this.add(model);
      return { value: await sendWith('instruction'), method: 'instruction' };
    }
  }
}
