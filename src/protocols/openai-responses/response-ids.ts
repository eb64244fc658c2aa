import { randomBytes } from 'node:crypto';

/** A `resp_…` id: the provider's own when it is one, else derived from it so logs can be matched. */
export function toResponseId(providerId: string | undefined): string {
  if (providerId?.startsWith('resp_')) return providerId;
  const cleaned = (providerId ?? '').replace(/^(msg|chatcmpl)[_-]/, '').replace(/[^A-Za-z0-9]/g, '');
  return `resp_${cleaned || randomBytes(24).toString('hex')}`;
}

/**
 * Reasoning items Lifeline renders itself (another provider's thinking, or a continuation) carry
 * no `encrypted_content` and an id OpenAI never issued. Clients replay them in later turns (Codex
 * CLI sends its whole history each turn), and OpenAI answers 400 to a reasoning item it cannot
 * find or decrypt: the id says whose it is, so the next turn can leave it out.
 */
const MINTED_REASONING_PREFIX = 'rs_lifeline_';

/** A fresh output item id with the API's prefix (`msg`, `fc`, `ctc`, `rs`: see MINTED_REASONING_PREFIX). */
export function newItemId(prefix: 'msg' | 'fc' | 'ctc' | 'rs'): string {
  return `${prefix === 'rs' ? MINTED_REASONING_PREFIX : `${prefix}_`}${randomBytes(24).toString('hex')}`;
}

/** True for a reasoning input item Lifeline minted and no provider can read back. */
export function isMintedReasoningItem(item: unknown): boolean {
  if (item === null || typeof item !== 'object') return false;
  const record = item as Record<string, unknown>;
  return record.type === 'reasoning' && typeof record.id === 'string' && record.id.startsWith(MINTED_REASONING_PREFIX) && !record.encrypted_content;
}
