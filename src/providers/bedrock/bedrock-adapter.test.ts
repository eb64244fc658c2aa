import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../canonical/index.js';
import { startSimulator } from '../../simulators/index.js';
import type { AwsTestCredential, SimulatorHandle, StartSimulatorOptions } from '../../simulators/index.js';
import { collectParts } from '../../../test/support/stream-parts.js';
import { upstreamFailureOf as failureOf } from '../../../test/support/upstream-failure.js';
import { waitUntil } from '../../../test/support/wait-until.js';
import type { ProviderAdapter } from '../provider-adapter.js';
import { createBedrockAdapter, type BedrockAdapterConfig } from './bedrock-adapter.js';

const KEY: AwsTestCredential = { accessKeyId: 'AKIABEDROCKADAPTER01', secretAccessKey: 'bedrock-adapter-test-secret-key-00000001' };
const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const REQUEST: CanonicalRequest = { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: false };
const signal = new AbortController().signal;

let simulator: SimulatorHandle | undefined;
const adapters: ProviderAdapter[] = [];

afterEach(async () => {
  await Promise.all(adapters.splice(0).map((adapter) => adapter.close()));
  await simulator?.close();
  simulator = undefined;
});

async function start(options: Partial<StartSimulatorOptions> = {}): Promise<SimulatorHandle> {
  simulator = await startSimulator({ format: 'bedrock', aws: { region: 'us-east-1', credentials: [KEY] }, script: [{ reply: { text: 'Bedrock says hi.' } }], ...options });
  return simulator;
}

function adapter(sim: SimulatorHandle, config: Partial<BedrockAdapterConfig> = {}): ProviderAdapter {
  const created = createBedrockAdapter({ id: 'bedrock', baseUrl: sim.url, aws: { region: 'us-east-1', accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretAccessKey }, ...config });
  adapters.push(created);
  return created;
}

/** The access key each request the simulator received was signed with. */
function signedWith(sim: SimulatorHandle): string[] {
  return sim.control.requests().map((request) => /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? '');
}

/**
 * An AWS shared config file whose profile gets its credentials from `credential_process`: each run
 * hands out the next of `issued` (the last one again once they run out) and counts the runs.
 */
function credentialProcessProfile(issued: Array<AwsTestCredential & { expiresInMs: number }>): { configFilepath: string; runs: () => number } {
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-aws-'));
  const counter = join(dir, 'runs');
  writeFileSync(counter, '0');
  writeFileSync(join(dir, 'issued.json'), JSON.stringify(issued));
  writeFileSync(
    join(dir, 'issue.cjs'),
    `const fs = require('node:fs');
const runs = Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8'));
fs.writeFileSync(${JSON.stringify(counter)}, String(runs + 1));
const issued = JSON.parse(fs.readFileSync(${JSON.stringify(join(dir, 'issued.json'))}, 'utf8'));
const next = issued[Math.min(runs, issued.length - 1)];
process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: next.accessKeyId, SecretAccessKey: next.secretAccessKey, SessionToken: next.sessionToken, Expiration: new Date(Date.now() + next.expiresInMs).toISOString() }));
`,
  );
  const configFilepath = join(dir, 'config');
  writeFileSync(configFilepath, `[profile lifeline-test]\ncredential_process = "${process.execPath}" "${join(dir, 'issue.cjs')}"\n`);
  writeFileSync(join(dir, 'credentials'), '');
  return { configFilepath, runs: () => Number(readFileSync(counter, 'utf8')) };
}

const SESSION_A = { accessKeyId: 'ASIASESSIONAAAAAAAA1', secretAccessKey: 'session-a-secret-access-key-000000000001', sessionToken: 'session-token-a' };
const SESSION_B = { accessKeyId: 'ASIASESSIONBBBBBBBB2', secretAccessKey: 'session-b-secret-access-key-000000000002', sessionToken: 'session-token-b' };

describe('the Bedrock adapter', () => {
  it('invokes the model in the path with the Bedrock body, and reads the answer', async () => {
    const sim = await start();
    const result = await adapter(sim).doGenerate(REQUEST, { model: MODEL, signal });
    expect(result.response.content).toEqual([{ type: 'text', text: 'Bedrock says hi.' }]);
    const [sent] = sim.control.requests();
    expect(sent?.path).toBe(`/model/${encodeURIComponent(MODEL)}/invoke`);
    expect(sent?.body).toMatchObject({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 4096, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
    expect(sent?.body).not.toHaveProperty('model');
  });

  it('decodes the event stream into canonical parts', async () => {
    const sim = await start();
    const result = await adapter(sim).doStream({ ...REQUEST, stream: true }, { model: MODEL, signal });
    const parts = await collectParts(result.stream);
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => (part.type === 'text-delta' ? part.delta : '')).join('')).toBe('Bedrock says hi.');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop' } });
    expect(sim.control.requests()[0]?.path).toBe(`/model/${encodeURIComponent(MODEL)}/invoke-with-response-stream`);
  });

  it('keeps a passthrough body byte-faithful and sends only the betas Bedrock knows', async () => {
    const sim = await start();
    const history = [
      { role: 'user', content: [{ type: 'text', text: 'plan it', cache_control: { type: 'ephemeral' } }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'Let me think.', signature: `Eq${'A'.repeat(120)}` }, { type: 'tool_use', id: 'toolu_01A', name: 'read', input: { path: 'a.ts' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A', content: 'file body' }] },
    ];
    const body = { model: 'claude-sonnet-4-5', max_tokens: 512, thinking: { type: 'enabled', budget_tokens: 256 }, tools: [{ name: 'read', input_schema: { type: 'object' } }], messages: history, stream: true };
    const passthrough = { format: 'anthropic' as const, body, query: 'beta=true', headers: { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'oauth-2025-04-20,interleaved-thinking-2025-05-14,files-api-2025-04-14' } };
    const result = await adapter(sim).doStream({ ...REQUEST, stream: true }, { model: MODEL, signal, passthrough, rawFrames: true });
    const parts = await collectParts(result.stream);
    // Passthrough streams carry the Anthropic frames themselves, for an Anthropic client.
    expect(parts.some((part) => part.type === 'raw' && part.frame.startsWith('event: message_start\ndata: {"type":"message_start"'))).toBe(true);
    const sent = sim.control.requests()[0]!.body as Record<string, unknown>;
    expect(sent['messages']).toEqual(history);
    expect(sent['tools']).toEqual(body.tools);
    expect(sent['thinking']).toEqual(body.thinking);
    expect(sent['anthropic_beta']).toEqual(['interleaved-thinking-2025-05-14']);
  });

  it('drops thinking Bedrock cannot verify and sends the turn once more, thinking off for a tool turn', async () => {
    const sim = await start();
    const history = [
      { role: 'user', content: 'plan it' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'Signed elsewhere.', signature: 'not-a-signature-bedrock-knows' }, { type: 'tool_use', id: 'toolu_01B', name: 'read', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01B', content: 'ok' }] },
    ];
    const passthrough = { format: 'anthropic' as const, body: { model: 'claude-sonnet-4-5', max_tokens: 512, thinking: { type: 'enabled', budget_tokens: 256 }, messages: history }, query: '', headers: {} };
    const result = await adapter(sim).doGenerate(REQUEST, { model: MODEL, signal, passthrough, rawFrames: true });
    expect(result.response.content).toEqual([{ type: 'text', text: 'Bedrock says hi.' }]);
    const [refused, retried] = sim.control.requests().map((request) => request.body as Record<string, unknown>);
    expect(refused?.['messages']).toEqual(history);
    expect(retried?.['thinking']).toBeUndefined();
    expect((retried?.['messages'] as Array<{ content: unknown }>)[1]?.content).toEqual([{ type: 'tool_use', id: 'toolu_01B', name: 'read', input: {} }]);
  });

  it('classifies Bedrock exceptions, before the stream and inside it', async () => {
    const sim = await start();
    const bedrock = adapter(sim);
    sim.control.addFault({ kind: 'status', status: 429 });
    expect(await failureOf(bedrock.doGenerate(REQUEST, { model: MODEL, signal }))).toMatchObject({ failureClass: 'rate_limited', status: 429, providerErrorType: 'ThrottlingException' });
    sim.control.addFault({ kind: 'status', status: 400, errorType: 'ValidationException', message: 'Input is too long for requested model.' });
    expect(await failureOf(bedrock.doGenerate(REQUEST, { model: MODEL, signal }))).toMatchObject({ failureClass: 'context_too_long' });
    expect(await failureOf(bedrock.doGenerate(REQUEST, { model: 'anthropic.claude-made-up-v9:0', signal }))).toMatchObject({ failureClass: 'not_found', status: 400 });

    for (const [errorType, failureClass] of [['ThrottlingException', 'rate_limited'], ['ModelStreamErrorException', 'server'], ['ServiceUnavailableException', 'overloaded']] as const) {
      sim.control.addFault({ kind: 'error-event', afterEvents: 4, errorType });
      const result = await bedrock.doStream({ ...REQUEST, stream: true }, { model: MODEL, signal });
      const last = (await collectParts(result.stream)).at(-1);
      expect(last?.type).toBe('error');
      expect(last?.type === 'error' && last.error).toMatchObject({ failureClass, midStream: true, providerErrorType: errorType });
    }
  });

  it('refuses a frame whose checksum is wrong instead of reading it', async () => {
    const sim = await start();
    sim.control.addFault({ kind: 'malformed-frame', afterEvents: 3 });
    const result = await adapter(sim).doStream({ ...REQUEST, stream: true }, { model: MODEL, signal });
    const last = (await collectParts(result.stream)).at(-1);
    expect(last?.type === 'error' && (last.error as Error).message).toMatch(/does not decode/);
  });

  it('classes a wrong secret key and an unknown key as auth, without showing the secret', async () => {
    const sim = await start();
    const wrong = adapter(sim, { aws: { region: 'us-east-1', accessKeyId: KEY.accessKeyId, secretAccessKey: 'the-wrong-secret-access-key-00000000000' } });
    const error = await failureOf(wrong.doGenerate(REQUEST, { model: MODEL, signal }));
    expect(error).toMatchObject({ failureClass: 'auth', status: 403, providerErrorType: 'InvalidSignatureException' });
    expect(JSON.stringify({ message: error.message, error })).not.toContain('the-wrong-secret');
    const unknown = adapter(sim, { aws: { region: 'us-east-1', accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: KEY.secretAccessKey } });
    expect(await failureOf(unknown.doGenerate(REQUEST, { model: MODEL, signal }))).toMatchObject({ failureClass: 'auth', providerErrorType: 'UnrecognizedClientException' });
  });

  it('gets new session credentials from the chain when Bedrock says they expired', async () => {
    const sim = await start({ aws: { region: 'us-east-1', credentials: [SESSION_A, SESSION_B] } });
    const profile = credentialProcessProfile([
      { ...SESSION_A, expiresInMs: 3_600_000 },
      { ...SESSION_B, expiresInMs: 3_600_000 },
    ]);
    const bedrock = adapter(sim, { aws: { region: 'us-east-1', profile: 'lifeline-test' }, chainFiles: { configFilepath: profile.configFilepath, filepath: join(profile.configFilepath, '..', 'credentials') } });
    await bedrock.doGenerate(REQUEST, { model: MODEL, signal });
    await bedrock.doGenerate(REQUEST, { model: MODEL, signal });
    // Cached: one run of the process for two requests.
    expect(profile.runs()).toBe(1);
    sim.control.setAwsCredentials([{ ...SESSION_A, expired: true }, SESSION_B]);
    const result = await bedrock.doGenerate(REQUEST, { model: MODEL, signal });
    expect(result.response.content).toEqual([{ type: 'text', text: 'Bedrock says hi.' }]);
    expect(signedWith(sim)).toEqual([SESSION_A.accessKeyId, SESSION_A.accessKeyId, SESSION_A.accessKeyId, SESSION_B.accessKeyId]);
    expect(profile.runs()).toBe(2);
  });

  it('refreshes credentials about to expire in the background, signing with the valid ones meanwhile', async () => {
    const sim = await start({ aws: { region: 'us-east-1', credentials: [SESSION_A, SESSION_B] } });
    // Inside the chain's five-minute refresh window from the start.
    const profile = credentialProcessProfile([
      { ...SESSION_A, expiresInMs: 60_000 },
      { ...SESSION_B, expiresInMs: 3_600_000 },
    ]);
    const bedrock = adapter(sim, { aws: { region: 'us-east-1', profile: 'lifeline-test' }, chainFiles: { configFilepath: profile.configFilepath, filepath: join(profile.configFilepath, '..', 'credentials') } });
    // Still valid for a minute: every request is answered, signed with A, while the chain fetches
    // B behind them; once it has B, requests are signed with B.
    await waitUntil(
      async () => {
        await bedrock.doGenerate(REQUEST, { model: MODEL, signal });
        return signedWith(sim).at(-1) === SESSION_B.accessKeyId ? true : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 20, description: 'a request signed with the refreshed credentials', describeLast: () => signedWith(sim).join(', ') },
    );
    const keys = signedWith(sim);
    expect(keys.slice(0, 2)).toEqual([SESSION_A.accessKeyId, SESSION_A.accessKeyId]);
    expect(new Set(keys)).toEqual(new Set([SESSION_A.accessKeyId, SESSION_B.accessKeyId]));
    expect(keys.indexOf(SESSION_B.accessKeyId)).toBe(keys.length - 1);
    expect(profile.runs()).toBe(2);
  });

  it('says what is wrong when the chain has no credentials at all', async () => {
    const sim = await start();
    const profile = credentialProcessProfile([{ ...SESSION_A, expiresInMs: 3_600_000 }]);
    const bedrock = adapter(sim, { aws: { region: 'us-east-1', profile: 'no-such-profile' }, chainFiles: { configFilepath: profile.configFilepath, filepath: join(profile.configFilepath, '..', 'credentials') } });
    const error = await failureOf(bedrock.doGenerate(REQUEST, { model: MODEL, signal }));
    expect(error).toMatchObject({ failureClass: 'auth', providerErrorType: 'CredentialsProviderError' });
    expect(error.message).toMatch(/no AWS credentials/);
    expect(sim.control.requests()).toEqual([]);
  });
});
