import { z } from 'zod';

/**
 * A breaker's state as plain JSON-friendly data (cockatiel's `CircuitState`, Envoy's words), so
 * it can be stored in Redis or Postgres and shared between processes later.
 * - `closed`: traffic flows; the algorithm counts failures.
 * - `open`: every call is rejected at no cost until `reopenAt`.
 * - `half-open`: one probe call is let through; its result closes or reopens the breaker.
 *   `probeStartedAt` lets a probe whose result never arrives (a crashed process) expire.
 */
export type BreakerState =
  | { state: 'closed' }
  | { state: 'open'; openedAt: number; reopenAt: number; openCount: number }
  | { state: 'half-open'; openCount: number; probeInFlight: boolean; probeStartedAt?: number };

/** `closed`, `open` or `half-open`. */
export type BreakerStateName = BreakerState['state'];

/** Parses stored breaker state; rejects anything that is not exactly one of the three shapes. */
export const breakerStateSchema: z.ZodType<BreakerState> = z.discriminatedUnion('state', [
  z.object({ state: z.literal('closed') }),
  z.object({
    state: z.literal('open'),
    openedAt: z.number(),
    reopenAt: z.number(),
    openCount: z.number().int().positive(),
  }),
  z.object({
    state: z.literal('half-open'),
    openCount: z.number().int().positive(),
    probeInFlight: z.boolean(),
    probeStartedAt: z.number().optional(),
  }),
]);

/** The serialised form of one breaker: its key and state. */
export interface BreakerSnapshot {
  key: string;
  state: BreakerState;
}

/** Parses a stored {@link BreakerSnapshot}. */
export const breakerSnapshotSchema: z.ZodType<BreakerSnapshot> = z.object({ key: z.string().min(1), state: breakerStateSchema });
