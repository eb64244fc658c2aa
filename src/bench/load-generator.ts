import type { Dispatcher } from 'undici';
import type { BenchRequest } from './bench-request.js';

/** Limits of one batch; whichever is reached first ends it. */
export interface BatchOptions {
  requests: number;
  concurrency: number;
  /** No new request starts after this long. */
  maxDurationMs: number;
  /** Called with the headers of every answer (the workers scenario counts `x-lifeline-worker`). */
  onHeaders?: (headers: Record<string, string | string[] | undefined>) => void;
}

/** What one batch measured. */
export interface BatchResult {
  /** Requests answered 200 with a complete body. */
  completed: number;
  /** Requests that failed (status, transport error, or a stream without its end event). */
  failed: number;
  /** From the first request's start to the last response's end. */
  elapsedMs: number;
  /** Latency of each completed request, headers sent to body fully read. */
  latenciesMs: Float64Array;
  /** The first failure, to explain a non-zero `failed`. */
  firstFailure?: string;
}

/** Bytes kept from the end of each body, enough to hold a stream's final event. */
const TAIL_BYTES = 256;

/** Sends one request and reads the whole body; returns undefined on success or why it failed. */
async function sendOnce(pool: Dispatcher, request: BenchRequest, onHeaders?: BatchOptions['onHeaders']): Promise<string | undefined> {
  const response = await pool.request({ method: 'POST', path: request.path, headers: request.headers, body: request.body });
  onHeaders?.(response.headers);
  let tail = '';
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    if (request.endMarker !== undefined) tail = (tail + chunk.toString('latin1')).slice(-TAIL_BYTES);
  }
  if (response.statusCode !== 200) return `status ${response.statusCode}`;
  if (request.endMarker !== undefined && !tail.includes(request.endMarker)) return `stream ended without ${request.endMarker}`;
  return undefined;
}

/**
 * Runs `requests` requests with `concurrency` in flight, each worker starting its next request as soon
 * as the previous body has been read (a closed loop, so the rate is what the system under test sustains).
 */
export async function runBatch(pool: Dispatcher, request: BenchRequest, options: BatchOptions): Promise<BatchResult> {
  const latencies = new Float64Array(options.requests);
  let started = 0;
  let completed = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const startedAt = performance.now();
  const deadline = startedAt + options.maxDurationMs;
  let lastEnd = startedAt;

  const worker = async (): Promise<void> => {
    while (started < options.requests && performance.now() < deadline) {
      started += 1;
      const requestStart = performance.now();
      let failure: string | undefined;
      try {
        failure = await sendOnce(pool, request, options.onHeaders);
      } catch (error) {
        failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      const end = performance.now();
      lastEnd = Math.max(lastEnd, end);
      if (failure === undefined) {
        latencies[completed] = end - requestStart;
        completed += 1;
      } else {
        failed += 1;
        firstFailure ??= failure;
      }
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  const result: BatchResult = { completed, failed, elapsedMs: lastEnd - startedAt, latenciesMs: latencies.slice(0, completed) };
  if (firstFailure !== undefined) result.firstFailure = firstFailure;
  return result;
}
