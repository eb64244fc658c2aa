import { UpstreamTimeoutError } from '../errors/index.js';
import { ClientCancellation } from './client-cancellation.js';

/**
 * The time a request may spend searching for someone to answer, across every attempt: a search
 * budget. The clock runs while Lifeline searches (before the first segment of an answer starts,
 * and again while a continuation is searched for) and stops while an answer streams to the client,
 * so a continuation gets what is left of the one budget.
 */
export interface Deadline {
  /** Aborts with an `UpstreamTimeoutError('total')` when the budget is spent, or with the client's reason when it leaves. */
  signal: AbortSignal;
  /** What is left of the budget. */
  remainingMs(): number;
  /** Stops the clock (an answer started, or the request ended); what is left stays for a later search. */
  pause(): void;
  /** Starts the clock again on what is left (a broken stream is searching for a continuation). */
  resume(): void;
}

/**
 * Starts the request's search budget: the route's `timeouts.total_ms`, shortened to the client's
 * own patience when it says how long it will wait (the SDKs send `x-stainless-timeout` in seconds),
 * so Lifeline answers — with an honest error if need be — before the client gives up on its own.
 */
export function startDeadline(totalMs: number, clientTimeoutMs: number | undefined, client?: AbortSignal | ClientCancellation): Deadline {
  const budgetMs = clientTimeoutMs !== undefined && clientTimeoutMs > 0 ? Math.min(totalMs, clientTimeoutMs) : totalMs;
  // One controller per request serves every attempt: it aborts when the client leaves (with the
  // client's reason) or when time is up. Creating one per attempt cost more than the attempt logic.
  const controller = client ? linkedController(client) : new AbortController();
  let leftMs = budgetMs;
  /** When the clock last started; undefined while it is stopped. */
  let runningSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const expire = () => controller.abort(new UpstreamTimeoutError('total', budgetMs));
  const run = () => {
    runningSince = Date.now();
    timer = setTimeout(expire, leftMs);
    timer.unref();
  };
  run();
  return {
    signal: controller.signal,
    remainingMs: () => (runningSince === undefined ? leftMs : Math.max(0, leftMs - (Date.now() - runningSince))),
    pause: () => {
      if (runningSince === undefined) return;
      clearTimeout(timer);
      leftMs = Math.max(0, leftMs - (Date.now() - runningSince));
      runningSince = undefined;
    },
    resume: () => {
      if (runningSince !== undefined || controller.signal.aborted) return;
      if (leftMs === 0) expire();
      else run();
    },
  };
}

function linkedController(parent: AbortSignal | ClientCancellation): AbortController {
  const controller = new AbortController();
  // No event listener, and the client's signal is not even built (client-cancellation.ts).
  if (parent instanceof ClientCancellation) parent.link(controller);
  else if (parent.aborted) controller.abort(parent.reason);
  // No `signal` option to unhook it: both controllers live exactly as long as the request, and
  // that option costs a second listener on every request.
  else parent.addEventListener('abort', () => controller.abort(parent.reason), { once: true });
  return controller;
}

/** Reads the client's timeout from `x-lifeline-timeout-ms` or `x-stainless-timeout` (seconds). */
export function clientTimeoutMs(headers: Record<string, string | string[] | undefined>): number | undefined {
  const explicit = Number(headers['x-lifeline-timeout-ms']);
  if (Number.isFinite(explicit) && explicit > 0) return explicit;
  const stainless = Number(headers['x-stainless-timeout']);
  // Keep a margin so our error reaches the client before its own timer fires.
  if (Number.isFinite(stainless) && stainless > 0) return Math.max(1000, stainless * 1000 - 1000);
  return undefined;
}
