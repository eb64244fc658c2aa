import type { CountChange, RegisterChange } from './shared-state.js';
import { countKeyOf } from './count-ledger.js';

/** Registers kept in memory at most (client-named models can make many breakers over time). */
const MAX_REGISTERS = 10_000;

/**
 * The newest value of every register one member knows, its own and others': last writer by `at`
 * wins, ties by `origin`, so every member settles on the same value whatever order writes arrive
 * in. Bounded: past the limit the register changed longest ago is forgotten.
 */
export class RegisterBook {
  readonly #registers = new Map<string, RegisterChange>();

  /** Keeps `change` when it is newer than what is known; true when it was. */
  remember(change: RegisterChange): boolean {
    const known = this.#registers.get(change.name);
    if (known && (known.at > change.at || (known.at === change.at && known.origin >= change.origin))) return false;
    this.#registers.delete(change.name);
    this.#registers.set(change.name, change);
    if (this.#registers.size > MAX_REGISTERS) this.#registers.delete(this.#registers.keys().next().value!);
    return true;
  }

  values(): IterableIterator<RegisterChange> {
    return this.#registers.values();
  }

  has(name: string): boolean {
    return this.#registers.has(name);
  }
}

/** Adds `change` to the batch waiting in `pending` (one entry per counter, amounts summed). */
export function addPendingCount(pending: Map<string, CountChange>, change: CountChange): void {
  const key = countKeyOf(change);
  const known = pending.get(key);
  pending.set(key, known ? { ...change, amount: known.amount + change.amount } : { ...change });
}
