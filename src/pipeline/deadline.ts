import { UpstreamTimeoutError } from '../errors/index.js';

/** The time a request may spend finding an answer, across every attempt. */
export interface Deadline {
  /** Aborts with an `UpstreamTimeoutError('total')` when time is up, or with the client's reason when it leaves. */
  signal: AbortSignal;
  expiresAt: number;
  remainingMs(): number;
  /** Stops the clock (the answer started, or the request ended). */
  clear(): void;
}

/**
 * Starts the request's deadline: the route's `timeouts.total_ms`, shortened to the client's own
 * patience when it says how long it will wait (the SDKs send `x-stainless-timeout` in seconds),
 * so Lifeline answers — with an honest error if need be — before the client gives up on its own.
 */
export function startDeadline(totalMs: number, clientTimeoutMs: number | undefined, clientSignal?: AbortSignal): Deadline {
  const budgetMs = clientTimeoutMs !== undefined && clientTimeoutMs > 0 ? Math.min(totalMs, clientTimeoutMs) : totalMs;
  // One controller per request serves every attempt: it aborts when the client leaves (with the
  // client's reason) or when time is up. Creating one per attempt cost more than the attempt logic.
  const controller = clientSignal ? linkedController(clientSignal) : new AbortController();
  const expiresAt = Date.now() + budgetMs;
  const timer = setTimeout(() => controller.abort(new UpstreamTimeoutError('total', budgetMs)), budgetMs);
  timer.unref();
  return {
    signal: controller.signal,
    expiresAt,
    remainingMs: () => Math.max(0, expiresAt - Date.now()),
    clear: () => clearTimeout(timer),
  };
}

function linkedController(parent: AbortSignal): AbortController {
  const controller = new AbortController();
  if (parent.aborted) controller.abort(parent.reason);
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
