import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { SimulatorHandle } from '../../src/simulators/index.js';
import { waitUntil } from './wait-until.js';

/** The tag a deferred job's request carries, so the simulators' answers can be counted per job. */
export const jobTag = (index: number) => `[deferred-job-${index}]`;
/** Finds a job tag in a stored request body. */
export const JOB_TAG_PATTERN = /\[deferred-job-\d+\]/;

/** What a client got back when it asked to defer. */
export interface Accepted {
  id: string;
  status: number;
  location: string | null;
}

/**
 * Sends job `index` to `baseUrl` with `x-lifeline-defer: true` through the official SDK of its
 * protocol: even indexes Anthropic (`claude-…`), odd ones OpenAI (`gpt-…`); indexes 2 and 3 of
 * every 4 stream.
 */
export async function submitDeferred(baseUrl: string, index: number, options: { callbackUrl?: string } = {}): Promise<Accepted> {
  const stream = index % 4 >= 2;
  const headers: Record<string, string> = { 'x-lifeline-defer': 'true', ...(options.callbackUrl ? { 'x-lifeline-callback-url': options.callbackUrl } : {}) };
  const content = `Answer job ${jobTag(index)} please.`;
  let response: Response;
  if (index % 2 === 0) {
    const client = new Anthropic({ baseURL: baseUrl, apiKey: 'deferring-client', maxRetries: 0 });
    response = await client.messages.create({ model: 'claude-deferred', max_tokens: 64, stream, messages: [{ role: 'user', content }] }, { headers }).asResponse();
  } else {
    const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: 'deferring-client', maxRetries: 0 });
    response = await client.chat.completions.create({ model: 'gpt-deferred', stream, messages: [{ role: 'user', content }] }, { headers }).asResponse();
  }
  const body = (await response.json()) as { id: string };
  return { id: body.id, status: response.status, location: response.headers.get('location') };
}

/** Submits `count` jobs, `parallel` at a time; job `index` goes to `baseUrlOf(index)`. */
export async function submitMany(count: number, parallel: number, baseUrlOf: (index: number) => string, callbackUrlOf: (index: number) => string | undefined = () => undefined): Promise<Accepted[]> {
  const accepted: Accepted[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const index = next++;
        const callbackUrl = callbackUrlOf(index);
        accepted[index] = await submitDeferred(baseUrlOf(index), index, callbackUrl ? { callbackUrl } : {});
      }
    }),
  );
  return accepted;
}

/** Complete 200 answers the simulators gave to requests carrying `tag`. */
export function answersFor(sims: readonly SimulatorHandle[], tag: string): number {
  let count = 0;
  for (const sim of sims) {
    for (const request of sim.control.requests()) if (request.outcome?.status === 200 && request.outcome.complete && JSON.stringify(request.body).includes(tag)) count += 1;
  }
  return count;
}

/** Answers the simulators had started but could not finish (their client went away). */
export function cutAnswers(sims: readonly SimulatorHandle[]): number {
  return sims.flatMap((sim) => sim.control.requests()).filter((request) => request.outcome !== undefined && !request.outcome.complete).length;
}

/**
 * True when each of `bodies` (stored job bodies) has a request waiting at a simulator that arrived
 * at or after `receivedAfter` (epoch ms) and less than `withinMs` ago: the runs are sent and their
 * answers are still held. `receivedAfter` lets a test count only requests sent under the hold it set.
 */
function allWaitingAtProvider(sims: readonly SimulatorHandle[], bodies: readonly string[], withinMs: number, receivedAfter = 0): boolean {
  const now = Date.now();
  // Only the few requests still waiting are read: this runs every few milliseconds in the
  // simulators' own process, and a busy loop here would delay their noticing a dead client.
  const waiting = sims
    .flatMap((sim) => sim.control.requests())
    .filter((request) => request.outcome === undefined && request.receivedAt >= receivedAfter && now - request.receivedAt < withinMs)
    .map((request) => JSON.stringify(request.body));
  return bodies.every((body) => {
    const tag = JOB_TAG_PATTERN.exec(body)?.[0];
    return tag !== undefined && waiting.some((text) => text.includes(tag));
  });
}

/** Every route down the way outages look: 529 overloaded from Anthropic, 503 from OpenAI. */
export function takeDown(primary: SimulatorHandle, fallback: SimulatorHandle): void {
  primary.control.addFault({ kind: 'status', status: 529, errorType: 'overloaded_error', persistent: true });
  fallback.control.addFault({ kind: 'status', status: 503, persistent: true });
}

/**
 * The providers answer again, each answer held `holdMs` (a slow provider). Called again with a
 * long hold just before a kill, it makes every run sent from then on wait at the provider, so the
 * kill is certain to find runs in flight however slowly a loaded machine samples them.
 */
export function recoverSlowly(sims: readonly SimulatorHandle[], holdMs: number): void {
  for (const sim of sims) {
    sim.control.clearFaults();
    sim.control.addFault({ kind: 'stall-before-first-byte', ms: holdMs, persistent: true });
  }
}

/** The config both deferred process tests share (storage and deferred settings given by each). */
export function deferredProcessConfig(primary: SimulatorHandle, fallback: SimulatorHandle, storage: Record<string, unknown>, deferred: Record<string, unknown>): Record<string, unknown> {
  return {
    server: { host: '127.0.0.1', port: 0 },
    storage,
    providers: {
      primary: { type: 'anthropic', base_url: primary.url, keys: ['sk-primary-deferred-0001'] },
      fallback: { type: 'openai', base_url: fallback.url, keys: ['sk-fallback-deferred-0001'] },
    },
    routes: { 'claude-*': ['primary/*', 'fallback/gpt-5'], 'gpt-*': ['fallback/*', 'primary/claude-fallback'] },
    resilience: { retries: { max_retries_per_target: 0 }, breaker: { base_ejection_time_ms: 300, max_ejection_time_ms: 300 } },
    deferred: { poll_ms: 200, concurrency: 4, ...deferred },
    health: { official: { enabled: false }, probe: { enabled: false } },
    logging: { level: 'warn' },
  };
}

/** How long answers are held while a kill waits for runs to be in flight. */
const KILL_HOLD_MS = 5_000;

/**
 * Makes every answer sent from now on wait `KILL_HOLD_MS` at the simulators, then waits until at
 * least two runs are running (`runningBodies`: their stored job bodies) and each of them has a
 * request held there; resolves with how many. Within one ordinary answer every run then holds one
 * that waits, so a kill right after is certain to find runs in flight, however slowly a loaded
 * machine samples (catching the natural short holds missed the moment on CI). Only requests sent
 * under the long hold count: one sent just before is answered at the old pace. The caller kills,
 * then calls {@link recoverSlowly} again.
 */
export async function holdRunsAtProvider(sims: readonly SimulatorHandle[], runningBodies: () => Promise<readonly string[]> | readonly string[], description: string): Promise<number> {
  const longHoldFrom = Date.now();
  recoverSlowly(sims, KILL_HOLD_MS);
  const { value } = await waitUntil(
    async () => {
      const bodies = await runningBodies();
      return bodies.length >= 2 && allWaitingAtProvider(sims, bodies, KILL_HOLD_MS - 1_000, longHoldFrom) ? bodies.length : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 20, description },
  );
  return value;
}
