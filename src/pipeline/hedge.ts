import type { TargetRunResult } from './target-runner.js';
import { linkSignals } from './link-signals.js';
import { sleep } from './sleep.js';

/**
 * Why the first run of a hedge was stopped: the hedge answered while the first had still produced
 * nothing, well past the hedge delay. The first run's target hears of it as a slow attempt.
 */
export const LOST_TO_HEDGE = Symbol('lost to a hedge');

/** Result of a possibly hedged pair of target runs. */
export interface HedgeResult<T> {
  result: TargetRunResult<T>;
  /** How many of the two targets this used up (1 when the hedge never started). */
  consumed: 1 | 2;
}

/**
 * Runs `first`; if it has neither answered nor failed after `delayMs`, starts `second` in
 * parallel. The first run to answer wins and the other is cancelled through its abort controller;
 * a first run that loses is aborted with {@link LOST_TO_HEDGE}, so its breaker counts it (a target
 * that hangs would otherwise never be ejected while hedges answer for it). A run that fails before
 * the delay simply falls through to ordinary sequential failover.
 */
export async function hedge<T>(
  first: (signal: AbortSignal) => Promise<TargetRunResult<T>>,
  second: (signal: AbortSignal) => Promise<TargetRunResult<T>>,
  delayMs: number,
  clientSignal: AbortSignal,
): Promise<HedgeResult<T>> {
  const firstController = new AbortController();
  const firstRun = settle(first(firstController.signal));
  const delay = new AbortController();
  const early = await Promise.race([firstRun, sleep(delayMs, linkSignals([delay.signal, clientSignal])).then(() => undefined)]);
  delay.abort();
  if (early) return { result: unwrap(early), consumed: 1 };
  if (clientSignal.aborted) return { result: unwrap(await firstRun), consumed: 1 };

  const secondController = new AbortController();
  const secondRun = settle(second(secondController.signal));
  const runs = [firstRun, secondRun];
  const winnerIndex = await firstAnswered(runs);
  if (winnerIndex !== undefined) {
    if (winnerIndex === 1) firstController.abort(LOST_TO_HEDGE);
    else secondController.abort();
    return { result: unwrap(await runs[winnerIndex]!), consumed: 2 };
  }
  // Neither answered: report the first run's ending, rethrowing what must end the request.
  const [firstSettled, secondSettled] = await Promise.all(runs);
  const thrown = [firstSettled!, secondSettled!].find((settled) => 'error' in settled);
  if (thrown) unwrap(thrown);
  const contextTooLong = [firstSettled!, secondSettled!].find((settled) => 'value' in settled && settled.value.outcome === 'context-too-long');
  return { result: unwrap(contextTooLong ?? firstSettled!), consumed: 2 };
}

type Settled<T> = { value: TargetRunResult<T> } | { error: unknown };

function settle<T>(promise: Promise<TargetRunResult<T>>): Promise<Settled<T>> {
  return promise.then((value) => ({ value }), (error: unknown) => ({ error }));
}

function unwrap<T>(settled: Settled<T>): TargetRunResult<T> {
  if ('error' in settled) throw settled.error;
  return settled.value;
}

/** Index of the first run that answers, or undefined when both end without an answer. */
function firstAnswered<T>(runs: Array<Promise<Settled<T>>>): Promise<number | undefined> {
  return new Promise((resolve) => {
    let pending = runs.length;
    runs.forEach((run, index) =>
      run.then((settled) => {
        if ('value' in settled && settled.value.outcome === 'answered') resolve(index);
        else if (--pending === 0) resolve(undefined);
      }),
    );
  });
}
