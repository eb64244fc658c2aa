import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory/memory-store.js';
import { createClientAccess, isModelApiPath, presentedKey } from './client-access.js';
import { ClientKeyCache } from './client-key-cache.js';
import { createClientKey } from './client-key-service.js';
import { createInProcessUsageCounters } from './usage-counters.js';

async function accessWith(required: boolean | undefined, exposed = false) {
  const store = createMemoryStore();
  const cache = new ClientKeyCache({ keys: store.clientKeys, clock: { now: () => 1_000_000 } });
  const counters = createInProcessUsageCounters();
  return { store, cache, counters, access: createClientAccess({ cache, counters, required, exposed }) };
}

describe('presentedKey', () => {
  it('reads x-api-key or a Bearer token, preferring the one shaped like a Lifeline key', () => {
    expect(presentedKey({ 'x-api-key': 'll-abc' })).toBe('ll-abc');
    expect(presentedKey({ authorization: 'Bearer ll-abc' })).toBe('ll-abc');
    expect(presentedKey({ 'x-api-key': 'placeholder', authorization: 'Bearer ll-abc' })).toBe('ll-abc');
    expect(presentedKey({ 'x-api-key': 'placeholder' })).toBe('placeholder');
    expect(presentedKey({ authorization: 'Basic Zm9vOmJhcg==' })).toBeUndefined();
    expect(presentedKey({})).toBeUndefined();
  });
});

describe('isModelApiPath', () => {
  it('covers what SDKs call and leaves health, status and admin paths alone', () => {
    for (const path of ['/v1/messages', '/v1/messages/count_tokens', '/v1/chat/completions', '/chat/completions', '/v1/models', '/models', '/models/gpt-5']) expect(isModelApiPath(path), path).toBe(true);
    for (const path of ['/healthz', '/readyz', '/metrics', '/status', '/api/v2/summary.json', '/admin/keys', '/']) expect(isModelApiPath(path), path).toBe(false);
  });
});

describe('createClientAccess', () => {
  it('is open on loopback with no key, and closes as soon as one exists', async () => {
    const { store, cache, access } = await accessWith(undefined);
    await cache.start();
    expect(access.required()).toBe(false);
    expect(access.admit('/v1/messages', { 'x-api-key': 'anything' })).toBeUndefined();
    await createClientKey(store, { name: 'first' }, 1_000);
    await cache.refresh();
    expect(access.required()).toBe(true);
    expect(() => access.admit('/v1/messages', {})).toThrow(expect.objectContaining({ code: 'CLIENT_KEY_MISSING', statusCode: 401 }));
    await store.clientKeys.revoke('first', 2_000);
    await cache.refresh();
    // Revoking the last key does not open the door again.
    expect(access.required()).toBe(true);
    cache.stop();
  });

  it('on an explicitly open door still counts and limits a valid key, and lets other requests pass', async () => {
    const { store, cache, access } = await accessWith(false, true);
    const { key } = await createClientKey(store, { name: 'limited', rpm: 1 }, 1_000);
    await cache.start();
    expect(access.admit('/v1/messages', { 'x-api-key': key })?.name).toBe('limited');
    expect(() => access.admit('/v1/messages', { 'x-api-key': key })).toThrow(expect.objectContaining({ code: 'CLIENT_KEY_RATE_LIMITED', statusCode: 429 }));
    expect(access.admit('/v1/messages', { 'x-api-key': 'not-a-key' })).toBeUndefined();
    cache.stop();
  });

  it('checks the route globs against the requested model and names the key only by name and prefix', async () => {
    const { store, cache, access } = await accessWith(undefined);
    const { key } = await createClientKey(store, { name: 'claude', routes: ['claude-*'] }, 1_000);
    await cache.start();
    const verified = access.admit('/v1/messages', { authorization: `Bearer ${key}` });
    expect(() => verified?.authorizeModel('claude-sonnet-4-5')).not.toThrow();
    let message = '';
    try {
      verified?.authorizeModel('gpt-5');
    } catch (error) {
      message = (error as Error).message;
      expect(error).toMatchObject({ code: 'CLIENT_KEY_ROUTE_NOT_ALLOWED', statusCode: 403 });
    }
    expect(message).toContain(key.slice(0, 7));
    expect(message).not.toContain(key);
    cache.stop();
  });
});
