import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/simulators/index.js';
import { FAULT_CASES, PRIMARY_KEYS, SCRIPT_TEXT, matrixRoute, startMatrixStack, type FaultCase } from './fault-matrix-cases.js';
import { generationRequests, keyOf, type ResilienceStack } from './resilience-stack.js';
import { ask, type SdkClient, type SdkObservation } from './sdk-observation.js';

type Json = Record<string, unknown>;

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

const stopReasonOf = (client: SdkClient) => (client === 'anthropic' ? 'end_turn' : 'stop');

/** One event stream for the client, whatever happened upstream: one start and one stop / one finish and one usage chunk. */
function expectOneWellFormedStream(client: SdkClient, seen: SdkObservation): void {
  if (client === 'anthropic') {
    expect(seen.counts.message_start).toBe(1);
    expect(seen.counts.message_stop).toBe(1);
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
  expect(fallbackRequests).toHaveLength(1);
  const outcome = testCase.expected(client, stream);
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
  expect(seen.model).toBe(client === 'openai' ? route.fallbackModel : route.primaryModel);
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
        const move = outcome.kind === 'continuation' ? 'continues the stream on the fallback' : `fails over after ${outcome.primaryFailures.join(', ')}`;
        it(`${testCase.name}: ${move}`, async () => {
          stack = await startMatrixStack(client);
          await runCase(stack, client, stream, testCase);
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
