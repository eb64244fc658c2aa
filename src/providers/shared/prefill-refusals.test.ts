import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/index.js';
import { UpstreamHttpError } from '../../errors/index.js';
import { startSimulator, type SimulatorHandle } from '../../simulators/index.js';
import { collectParts } from '../../../test/support/stream-parts.js';
import { createAnthropicAdapter } from '../anthropic/anthropic-adapter.js';
import { createOpenAICompatibleAdapter } from '../openai-compatible/openai-compatible-adapter.js';
import type { ProviderAdapter } from '../provider-adapter.js';
import { isPrefillRefusal, PrefillRefusals } from './prefill-refusals.js';

const ANSWER = 'The rest of the answer follows the words already sent, once.';
const request: CanonicalRequest = { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'go' }] }], stream: true };
const continuation = { assistantText: 'The rest of the answer ' };
const credential = { label: 'key-1 …test', secret: 'sk-test-key' };

let sim: SimulatorHandle | undefined;
let adapter: ProviderAdapter | undefined;
afterEach(async () => {
  await adapter?.close();
  await sim?.close();
});

/** The last message of each request the simulator received. */
const lastMessages = () => sim!.control.requests().map((recorded) => (recorded.body as { messages: Array<{ role: string; prefix?: boolean }> }).messages.at(-1));

describe('PrefillRefusals', () => {
  it('knows a refused prefill from other 400s', () => {
    const refusal = (message: string) => new UpstreamHttpError({ status: 400, failureClass: 'invalid_request', providerMessage: message });
    expect(isPrefillRefusal(refusal('This model does not support assistant message prefill. The conversation must end with a user message.'))).toBe(true);
    expect(isPrefillRefusal(refusal('Expected last role User or Tool (or Assistant with prefix True) for serving but got assistant'))).toBe(true);
    expect(isPrefillRefusal(refusal('max_tokens: Field required'))).toBe(false);
    expect(isPrefillRefusal(new UpstreamHttpError({ status: 500, failureClass: 'server', providerMessage: 'prefill' }))).toBe(false);
  });

  it('forgets the oldest model past its bound', () => {
    const refusals = new PrefillRefusals();
    for (let index = 0; index <= 256; index++) refusals.add(`model-${index}`);
    expect(refusals.has('model-0')).toBe(false);
    expect(refusals.has('model-256')).toBe(true);
  });

  it.each([
    ['an Anthropic model', 'anthropic'],
    ['a Mistral model (prefix: true)', 'openai'],
  ] as const)('%s that refuses prefill is asked by instruction, at once and from then on', async (_name, format) => {
    sim = await startSimulator({ format, script: [{ reply: { text: ANSWER } }], continuation: { mode: 'reject-prefill' } });
    adapter =
      format === 'anthropic'
        ? createAnthropicAdapter({ id: 'a', baseUrl: sim.url })
        : createOpenAICompatibleAdapter({ id: 'o', baseUrl: sim.url, preset: 'mistral' });
    const first = await adapter.doStream(request, { model: 'm', credential, signal: AbortSignal.timeout(5_000), continuation });
    expect(first.continuation).toBe('instruction');
    await collectParts(first.stream);
    // The refused prefill, then the instruction.
    expect(lastMessages().map((message) => message?.role)).toEqual(['assistant', 'user']);
    if (format === 'openai') expect(lastMessages()[0]?.prefix).toBe(true);

    sim.control.clearRequests();
    const second = await adapter.doStream(request, { model: 'm', credential, signal: AbortSignal.timeout(5_000), continuation });
    expect(second.continuation).toBe('instruction');
    await collectParts(second.stream);
    expect(lastMessages().map((message) => message?.role)).toEqual(['user']);
  });

  it('a model that takes prefill keeps getting it', async () => {
    sim = await startSimulator({ format: 'openai', script: [{ reply: { text: ANSWER } }] });
    adapter = createOpenAICompatibleAdapter({ id: 'v', baseUrl: sim.url, preset: 'vllm' });
    const started = await adapter.doStream(request, { model: 'm', credential, signal: AbortSignal.timeout(5_000), continuation });
    expect(started.continuation).toBe('prefill');
    await collectParts(started.stream);
    const body = sim.control.requests()[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ continue_final_message: true, add_generation_prompt: false });
  });
});
