import type { Clock } from '../core/clock.js';
import type { ResponseRepository } from '../store/store.js';

/** A kept response, read back. */
export interface KeptResponse {
  /** The Response object as the client got it. */
  response: Record<string, unknown>;
  /** Every input item that produced it (instructions excluded). */
  input: unknown[];
}

/** Why a response was not kept, for the log. */
export type NotKeptReason = 'too_large' | 'no_id';

/**
 * Responses API responses kept for `previous_response_id` and `GET/DELETE /v1/responses/{id}`,
 * each owned by the client key that asked for it: another key (or none) is told it does not
 * exist, as for deferred jobs, so ids cannot be probed.
 */
export interface StoredResponses {
  /** Keeps a response until the TTL runs out; resolves with why it was not kept, if it was not. */
  keep(kept: KeptResponse, owner: string | undefined): Promise<NotKeptReason | undefined>;
  /** The kept response under `id` for `owner`, unless it expired, was deleted or is another key's. */
  find(id: string, owner: string | undefined): Promise<KeptResponse | undefined>;
  /** Deletes the response under `id` if `owner` may see it; false when there is none to delete. */
  forget(id: string, owner: string | undefined): Promise<boolean>;
}

/** Options for {@link createStoredResponses}. */
export interface StoredResponsesOptions {
  repository: ResponseRepository;
  clock: Clock;
  /** How long a response stays readable (`responses.store_ttl`). */
  ttlMs: number;
  /** Largest kept response, input and output JSON together (`responses.max_stored_bytes`). */
  maxBytes: number;
}

/**
 * @example
 * const stored = createStoredResponses({ repository: store.responses, clock: systemClock, ttlMs: 30 * 86_400_000, maxBytes: 16 << 20 });
 * await stored.keep({ response, input }, context.clientKey?.name);
 */
export function createStoredResponses(options: StoredResponsesOptions): StoredResponses {
  const { repository, clock, ttlMs, maxBytes } = options;

  async function visible(id: string, owner: string | undefined) {
    const found = await repository.get(id, clock.now());
    return found !== undefined && found.owner === owner ? found : undefined;
  }

  return {
    async keep({ response, input }, owner) {
      if (typeof response.id !== 'string' || response.id === '') return 'no_id';
      const responseText = JSON.stringify(response);
      const inputText = JSON.stringify(input);
      if (Buffer.byteLength(responseText) + Buffer.byteLength(inputText) > maxBytes) return 'too_large';
      const now = clock.now();
      await repository.put({ id: response.id, ...(owner !== undefined ? { owner } : {}), response: responseText, input: inputText, createdAt: now, expiresAt: now + ttlMs });
      return undefined;
    },
    async find(id, owner) {
      const found = await visible(id, owner);
      return found === undefined ? undefined : { response: JSON.parse(found.response) as Record<string, unknown>, input: JSON.parse(found.input) as unknown[] };
    },
    async forget(id, owner) {
      if ((await visible(id, owner)) === undefined) return false;
      return repository.delete(id);
    },
  };
}
