import { createHook } from 'node:async_hooks';
import { Readable } from 'node:stream';
import type { CanonicalRequest } from '../canonical/index.js';
import { GatewayEvents } from '../observability/gateway-events.js';
import type { GatewayCall, StreamSegment } from '../pipeline/gateway-call.js';
import { relayStream } from '../pipeline/stream-relay.js';
import { createAnthropicStreamRenderer } from '../protocols/anthropic/render-stream.js';
import { createAnthropicEventConverter } from '../providers/anthropic/convert-anthropic-stream.js';
import { readBodyBatches } from '../providers/shared/read-body-batches.js';
import { createSseDecoder } from '../providers/shared/sse-decoder.js';
import { DEFAULT_RESILIENCE } from '../resilience/resilience-options.js';

/*
 * What Lifeline's stream path (provider body → readBodyBatches → relay → renderer → the client's
 * text) costs per stream beyond a bare `for await` over the same body, in one process, so the
 * machine's load moves both alike; plus promises created per stream (load-independent). The body
 * is a Readable fed one SSE event per setImmediate, as a paced provider sends them (the simulator's
 * 26-event Anthropic stream: 20 text deltas). No sockets: what the kernel and undici cost is the
 * same for both and left out. Run: `npm run build && node dist/bench/measure-stream-path.js`.
 */

const STREAMS = 1_500;
const CONCURRENCY = 16;
const ROUNDS = 5;

const frame = (type: string, data: object): Buffer => Buffer.from(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
const FRAMES: Buffer[] = [
  frame('message_start', { message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, usage: { input_tokens: 12, output_tokens: 1 } } }),
  frame('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  frame('ping', {}),
  ...Array.from({ length: 20 }, (_, index) => frame('content_block_delta', { index: 0, delta: { type: 'text_delta', text: ` word${index}` } })),
  frame('content_block_stop', { index: 0 }),
  frame('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 20 } }),
  frame('message_stop', {}),
];

const REQUEST: CanonicalRequest = { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: true };

/** A body that delivers one frame per turn of the event loop. */
function pacedBody(): Readable {
  const body = new Readable({ read() {} });
  let next = 0;
  const step = (): void => {
    if (next === FRAMES.length) {
      body.push(null);
      return;
    }
    body.push(FRAMES[next++]);
    setImmediate(step);
  };
  setImmediate(step);
  return body;
}

let written = 0;
const write = (text: string | Buffer): true => {
  written += text.length;
  return true;
};

async function bareStream(): Promise<void> {
  for await (const chunk of pacedBody() as AsyncIterable<Buffer>) write(chunk);
}

async function lifelineStream(): Promise<void> {
  const body = pacedBody();
  const mapReadError = (error: unknown) => error as never;
  const stream = readBodyBatches(body, createSseDecoder({ maxEventBytes: 1 << 20 }).decode, createAnthropicEventConverter({ passthrough: true, mapReadError }), {
    mapReadError,
    drainAfterClose: { abandon: () => body.destroy() },
  });
  const first = await stream.next();
  const segment: StreamSegment = {
    target: { provider: 'anthropic', model: REQUEST.model },
    failures: [],
    route: REQUEST.model,
    passthrough: true,
    headers: {},
    firstParts: first.done ? [] : first.value,
    rest: stream,
    breakerKey: 'anthropic',
    resilience: DEFAULT_RESILIENCE,
  };
  const call: GatewayCall = { request: REQUEST, signal: new AbortController().signal, passthrough: { format: 'anthropic', body: {}, query: '', headers: {} } };
  const renderer = createAnthropicStreamRenderer({ requestedModel: REQUEST.model, request: REQUEST });
  const pipeline = { continueOn: () => Promise.reject(new Error('not in this measurement')), settle: () => undefined, events: new GatewayEvents(), listeners: {} };
  await relayStream(call, segment, pipeline, (batch) => {
    let text = '';
    for (const part of batch.parts) text += renderer.write(part, batch.passthrough);
    return write(text);
  });
}

/** CPU µs (user + system) per stream of `streams` run `CONCURRENCY` at a time. */
async function cpuPerStream(run: () => Promise<void>, streams: number): Promise<number> {
  let left = streams;
  const started = process.cpuUsage();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (left-- > 0) await run();
  }));
  const used = process.cpuUsage(started);
  return (used.user + used.system) / streams;
}

let promises = 0;
const promiseCounter = createHook({
  init(_id, type) {
    if (type === 'PROMISE') promises++;
  },
});
async function promisesPerStream(run: () => Promise<void>): Promise<number> {
  promises = 0;
  promiseCounter.enable();
  await run();
  promiseCounter.disable();
  return promises;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

for (let round = 0; round < 2; round++) {
  await cpuPerStream(bareStream, 300);
  await cpuPerStream(lifelineStream, 300);
}
const bare: number[] = [];
const lifeline: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  bare.push(await cpuPerStream(bareStream, STREAMS));
  lifeline.push(await cpuPerStream(lifelineStream, STREAMS));
}
const extra = median(lifeline) - median(bare);
console.log(`${FRAMES.length}-event paced Anthropic passthrough stream, ${STREAMS} streams × ${ROUNDS} rounds, ${CONCURRENCY} at a time (median):`);
console.log(`  bare for-await: ${median(bare).toFixed(0)} µs/stream; Lifeline's path: ${median(lifeline).toFixed(0)} µs/stream; beyond bare: ${extra.toFixed(0)} µs/stream = ${(extra / FRAMES.length).toFixed(1)} µs/event`);
console.log(`  promises per stream: bare ${await promisesPerStream(bareStream)}, Lifeline ${await promisesPerStream(lifelineStream)} (${written} bytes written in all)`);
