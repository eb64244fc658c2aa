import { createConnection } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from './start-simulator.js';
import type { SimulatorHandle } from './types.js';

let sim: SimulatorHandle;
afterEach(async () => {
  await sim.close();
});

function connectError(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
  });
}

async function control(method: string, path: string, body?: unknown): Promise<Response> {
  const origin = new URL(sim.url).origin;
  return fetch(`${origin}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

describe('startSimulator', () => {
  it('gives SDK-ready base URLs for each format', async () => {
    sim = await startSimulator({ format: 'openai' });
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/v1`);
    await sim.close();
    sim = await startSimulator({ format: 'anthropic' });
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
  });

  it('records every provider request in order, without control requests', async () => {
    sim = await startSimulator({ format: 'anthropic' });
    const client = new Anthropic({ baseURL: sim.url, apiKey: 'key-1', maxRetries: 0 });
    await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 8, messages: [{ role: 'user', content: 'first' }] });
    await control('GET', '/_sim/requests');
    await client.models.list({ limit: 1 });
    const recorded = sim.control.requests();
    expect(recorded.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/messages', 'GET /v1/models']);
    expect(recorded[0]?.headers.authorization).toBe('Bearer key-1');
    expect(recorded[0]?.headers['anthropic-version']).toBe('2026-10-21');
    expect(recorded[0]?.body).toMatchObject({ messages: [{ role: 'user', content: 'first' }] });
    expect(recorded[1]?.query).toBe('limit=1');
    expect(recorded[1]?.body).toBeNull();
    expect(recorded[0]?.receivedAt).toBeLessThanOrEqual(recorded[1]?.receivedAt ?? 0);
    sim.control.clearRequests();
    expect(sim.control.requests()).toEqual([]);
  });

  it('is controlled over HTTP: faults, script, requests', async () => {
    sim = await startSimulator({ format: 'openai' });
    const client = new OpenAI({ baseURL: sim.url, apiKey: 'k', maxRetries: 0 });
    const params = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'ping' }] };

    expect((await control('PUT', '/_sim/script', [{ match: { lastUserText: 'ping' }, reply: { text: 'pong' }, times: 1 }])).status).toBe(200);
    expect((await client.chat.completions.create(params)).choices[0]?.message.content).toBe('pong');
    // `times: 1` is used up: the default reply comes back.
    expect((await client.chat.completions.create(params)).choices[0]?.message.content).toContain('openai-simulator');

    expect((await control('POST', '/_sim/faults', { kind: 'status', status: 500, persistent: true })).status).toBe(200);
    await expect(client.chat.completions.create(params)).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(client.chat.completions.create(params)).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    expect((await control('DELETE', '/_sim/faults')).status).toBe(200);
    await expect(client.chat.completions.create(params)).resolves.toBeTruthy();

    const invalid = await control('POST', '/_sim/faults', { kind: 'explode' });
    expect(invalid.status).toBe(400);

    const recorded = (await (await control('GET', '/_sim/requests')).json()) as Array<{ path: string }>;
    expect(recorded).toHaveLength(5);
    expect(recorded.every((request) => request.path === '/v1/chat/completions')).toBe(true);
    await control('DELETE', '/_sim/requests');
    expect(sim.control.requests()).toHaveLength(0);
  });

  it('refuses connections and accepts them again on the same port', async () => {
    sim = await startSimulator({ format: 'anthropic' });
    const client = new Anthropic({ baseURL: sim.url, apiKey: 'k', maxRetries: 0 });
    const params = { model: 'claude-sonnet-4-6', max_tokens: 8, messages: [{ role: 'user' as const, content: 'x' }] };
    await client.messages.create(params);
    await sim.control.refuseConnections();
    expect(await connectError(sim.port)).toBe('ECONNREFUSED');
    await expect(client.messages.create(params)).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
    await sim.control.acceptConnections();
    await expect(client.messages.create(params)).resolves.toBeTruthy();
  });

  it('refuses for a while when asked over HTTP', async () => {
    sim = await startSimulator({ format: 'openai' });
    expect((await control('POST', '/_sim/refuse', { ms: 80 })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await connectError(sim.port)).toBe('ECONNREFUSED');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await connectError(sim.port)).toBeUndefined();
  });

  it('closes promptly while requests are stalled', async () => {
    sim = await startSimulator({ format: 'anthropic' });
    sim.control.addFault({ kind: 'stall-before-first-byte', match: { stream: false } });
    const client = new Anthropic({ baseURL: sim.url, apiKey: 'k', maxRetries: 0 });
    const pending = client.messages
      .create({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error);
    sim.control.addFault({ kind: 'stall-mid-stream', afterEvents: 2, match: { stream: true } });
    const streaming = client.messages
      .stream({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] })
      .finalMessage()
      .catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(Anthropic.APIConnectionError);
    expect(await streaming).toBeInstanceOf(Error);
    // close() twice is harmless (afterEach calls it again).
    await sim.close();
  });
});
