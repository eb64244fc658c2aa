import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/simulators/index.js';
import { FAULT_CASES, PRIMARY_KEYS, SCRIPT_TEXT, matrixRoute, startMatrixStack, type FaultCase } from './fault-matrix-cases.js';
import { generationRequests, keyOf, type ResilienceStack } from './resilience-stack.js';
import { ask, type SdkClient, type SdkObservation } from './sdk-observation.js';

type Json = Record<string, unknown>;

/** Probe cadence of the flapping-primary case. */
const PROBE_INTERVAL_MS = 500;

/** The messages of a recorded Anthropic or OpenAI request body. */
export function messagesOf(request: RecordedRequest | undefined): Json[] {
  const messages = (request?.body as { messages?: unknown } | null | undefined)?.messages;
  if (!Array.isArray(messages)) throw new Error(`no messages in ${JSON.stringify(request?.body)}`);
  return messages as Json[];
}

/** The text of a message in either format (string content, or text blocks / parts joined). */
export function messageText(message: Json | undefined): string {
  const content = message?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => ((part as Json).type === 'text' ? String((part as Json).text ?? '') : '')).join('');
}

const stopReasonOf = (client: SdkClient) => (client === 'anthropic' ? 'end_turn' : client === 'responses' ? 'completed' : 'stop');

/** What `lifeline_stream_malformed_events_total` says, summed over its series. */
async function malformedEventsCounted(stack: ResilienceStack): Promise<number> {
  const text = await (await fetch(`${stack.lifeline.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('lifeline_stream_malformed_events_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

/** One event stream for the client, whatever happened upstream: one start and one stop / one finish and one usage chunk. */
function expectOneWellFormedStream(client: SdkClient, seen: SdkObservation): void {
  if (client === 'anthropic') {
    expect(seen.counts.message_start).toBe(1);
    expect(seen.counts.message_stop).toBe(1);
  } else if (client === 'responses') {
    expect(seen.counts['response.created']).toBe(1);
    expect(seen.counts['response.completed']).toBe(1);
  } else {
    expect(seen.counts.finish).toBe(1);
    expect(seen.counts.usage).toBe(1);
  }
}

async function runCase(stack: ResilienceStack, client: SdkClient, stream: boolean, testCase: FaultCase): Promise<void> {
  const route = matrixRoute(client);
  const primary = stack.sim('primary');
  const fallback = stack.sim('fallback');
  primary.control.addFault(testCase.fault);
  const malformedBefore = await malformedEventsCounted(stack);

  const seen = await ask(client, stack, route.model, stream);

  // What the client sees: the scripted answer, whole and once, properly finished.
  expect(seen.text).toBe(SCRIPT_TEXT);
  expect(seen.stopReason).toBe(stopReasonOf(client));
  expect(seen.durationMs).toBeLessThan(testCase.maxDurationMs);
  if (stream) expectOneWellFormedStream(client, seen);

  const primaryRequests = generationRequests(primary);
  const fallbackRequests = generationRequests(fallback);
  for (const request of primaryRequests) expect((request.body as Json).model).toBe(route.primaryModel);
  for (const request of fallbackRequests) expect((request.body as Json).model).toBe(route.fallbackModel);
  const outcome = testCase.expected(client, stream);
  if (outcome.kind === 'absorbed') {
    // The primary's answer, whole: the bad frame was skipped (and counted), not treated as a failed stream.
    expect(seen.headers.target).toBe(route.primaryTarget);
    expect(seen.headers.attempts).toBe('1');
    expect(primaryRequests).toHaveLength(1);
    expect(fallbackRequests).toEqual([]);
    if (stream) expect(await malformedEventsCounted(stack)).toBe(malformedBefore + 1);
    return;
  }
  expect(fallbackRequests).toHaveLength(outcome.kind === 'continuation' ? (testCase.continuationRequests?.(client) ?? 1) : 1);
  if (outcome.kind === 'failover') {
    // The fallback answered the whole request, and every header says so.
    expect(seen.headers.target).toBe(route.fallbackTarget);
    expect(seen.model).toBe(route.fallbackModel);
    expect(seen.headers.attempts).toBe(String(outcome.primaryFailures.length + 1));
    expect(seen.headers.failovers).toBe(outcome.primaryFailures.map((failureClass) => `${route.primaryTarget}=${failureClass}`).join(', '));
    expect(primaryRequests).toHaveLength(outcome.primaryFailures.length);
    // Tried in order: every primary attempt before the fallback, which got a fresh request (no continuation).
    for (const request of primaryRequests) expect(request.receivedAt).toBeLessThanOrEqual(fallbackRequests[0]!.receivedAt);
    const fallbackMessages = messagesOf(fallbackRequests[0]);
    expect(fallbackMessages.filter((message) => message.role === 'assistant')).toEqual([]);
    return;
  }
  // Continuation: the client already had the primary's headers and message start; the fallback was
  // asked to carry on from the text already sent, which is a true prefix of the answer. OpenAI
  // chunks name their model each, so the last ones name the fallback; Anthropic names it once.
  expect(seen.headers.target).toBe(route.primaryTarget);
  expect(seen.model).toBe(client === 'anthropic' ? route.primaryModel : route.fallbackModel);
  expect(seen.headers.attempts).toBe('1');
  expect(seen.headers.failovers).toBeNull();
  expect(primaryRequests).toHaveLength(1);
  const partial = messageText(messagesOf(fallbackRequests[0]).filter((message) => message.role === 'assistant').at(-1));
  expect(partial.length).toBeGreaterThan(0);
  expect(partial.length).toBeLessThan(SCRIPT_TEXT.length);
  expect(SCRIPT_TEXT.startsWith(partial)).toBe(true);
}

/**
 * The fault matrix for one official SDK: every fault of the issue, streaming and not, each against
 * a fresh stack (breakers and key pools start clean), plus the revoked key.
 */
export function describeFaultMatrix(client: SdkClient): void {
  const route = matrixRoute(client);
  let stack: ResilienceStack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  for (const stream of [false, true]) {
    describe(`${client} SDK, ${stream ? 'streaming' : 'non-streaming'}`, () => {
      for (const testCase of FAULT_CASES) {
        const outcome = testCase.expected(client, stream);
        const move =
          outcome.kind === 'continuation' ? 'continues the stream on the fallback, every word once' : outcome.kind === 'absorbed' ? 'the primary answers whole' : `fails over after ${outcome.primaryFailures.join(', ')}`;
        it(`${testCase.name}: ${move}`, async () => {
          stack = await startMatrixStack(client, testCase.fallback ? { fallback: testCase.fallback } : {});
          await runCase(stack, client, stream, testCase);
        });
      }

      if (stream) {
        it('a flapping primary gets client traffic again within one probe interval of its recovery', async () => {
          // A long ejection: without evidence from the probes the primary would sit out a minute.
          stack = await startMatrixStack(client, {
            resilience: { breaker: { consecutive_failures: 2, base_ejection_time_ms: 60_000, max_ejection_time_ms: 60_000 } },
            config: { health: { official: { enabled: false }, probe: { enabled: true, interval_ms: PROBE_INTERVAL_MS, idle_ms: PROBE_INTERVAL_MS, unhealthy_interval_ms: 100 } } },
          });
          const primary = stack.sim('primary');
          // Flapping: the one-token probes (not streamed) get answers, client streams fail; each
          // successful probe half-opens the breaker and each trial stream fails it again.
          primary.control.addFault({ kind: 'status', status: 500, persistent: true, match: { stream: true } });
          const clientStreams = () => generationRequests(primary).filter((request) => (request.body as { stream?: boolean }).stream === true);
          for (let request = 0; request < 80 && clientStreams().length < 4; request++) {
            expect((await ask(client, stack, route.model, true)).headers.target).toBe(route.fallbackTarget);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          // At least one trial after a probe's half-open failed: the breaker flapped.
          expect(clientStreams().length).toBeGreaterThanOrEqual(4);

          primary.control.clearFaults();
          const healthyAt = Date.now();
          let servedAt: number | undefined;
          for (let request = 0; request < 80 && servedAt === undefined; request++) {
            const seen = await ask(client, stack, route.model, true);
            expect(seen.text).toBe(SCRIPT_TEXT);
            if (seen.headers.target === route.primaryTarget) servedAt = clientStreams().at(-1)!.receivedAt;
            else await new Promise((resolve) => setTimeout(resolve, 50));
          }
          expect(servedAt).toBeDefined();
          const recoveryMs = servedAt! - healthyAt;
          console.log(`[fault matrix] ${client} SDK: flapping primary served again ${recoveryMs} ms after it recovered (probe interval ${PROBE_INTERVAL_MS} ms, ejection 60000 ms)`);
          // One probe interval, plus the prober's 1 s scheduling tick and the round trips.
          expect(recoveryMs).toBeLessThanOrEqual(PROBE_INTERVAL_MS + 1_000 + 500);
        });
      }

      it('401 on one key of two: the next key answers, and the revoked key cools down', async () => {
        stack = await startMatrixStack(client, { revokeFirstPrimaryKey: true });
        const primary = stack.sim('primary');
        const first = await ask(client, stack, route.model, stream);
        expect(first.text).toBe(SCRIPT_TEXT);
        expect(first.headers.target).toBe(route.primaryTarget);
        expect(first.model).toBe(route.primaryModel);
        expect(first.headers.attempts).toBe('2');
        expect(first.headers.failovers).toBe(`${route.primaryTarget}=auth`);
        expect(generationRequests(primary).map(keyOf)).toEqual([PRIMARY_KEYS.revoked, PRIMARY_KEYS.valid]);

        primary.control.clearRequests();
        const second = await ask(client, stack, route.model, stream);
        expect(second.text).toBe(SCRIPT_TEXT);
        expect(second.headers.target).toBe(route.primaryTarget);
        expect(second.headers.attempts).toBe('1');
        expect(second.headers.failovers).toBeNull();
        expect(generationRequests(primary).map(keyOf)).toEqual([PRIMARY_KEYS.valid]);
        expect(generationRequests(stack.sim('fallback'))).toEqual([]);
      });
    });
  }
}
