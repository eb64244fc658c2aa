import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UpstreamHttpError } from '../../errors/index.js';
import { startSimulator, type SimulatorHandle } from '../../simulators/index.js';
import { createTestServiceAccount } from '../../../test/support/google-service-account.js';
import { createGoogleTokenSource } from './google-token-source.js';

// The service-account flow for real: google-auth-library signs a JWT with the file's key, posts it
// to the file's own token_uri (the simulator, which checks the signature), caches the token and
// replaces it before it expires.

const account = createTestServiceAccount('token-test');
const target = { provider: 'vertex', model: 'claude-sonnet-4-5' };
let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ format: 'vertex', google: { serviceAccountKeys: { [account.email]: account.publicKeyPem } } });
});
afterAll(() => sim.close());
afterEach(() => {
  vi.useRealTimers();
  sim.control.clearRequests();
});

const tokenRequests = () => sim.control.requests().filter((request) => request.path === '/token');
const modelCall = (authorization?: string) =>
  fetch(`${sim.url}/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-flash:generateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
  });

describe('Google tokens from a service-account file', () => {
  it("signs in at the file's own token_uri once and reuses the token", async () => {
    const tokens = createGoogleTokenSource({ providerName: 'vertex', credentialsFile: account.writeKeyFile(`${sim.url}/token`) });
    try {
      const first = await tokens.authorization(target);
      expect(await tokens.authorization(target)).toBe(first);
      expect(tokenRequests()).toHaveLength(1);
      const form = new URLSearchParams(String(tokenRequests()[0]!.body));
      expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
      expect(tokens.label).toBe(`google ${account.email}`);
      expect((await modelCall(first)).status).toBe(200);
    } finally {
      tokens.close();
    }
  });

  it('replaces a token before it expires, while the old one is still accepted', async () => {
    const tokens = createGoogleTokenSource({ providerName: 'vertex', credentialsFile: account.writeKeyFile(`${sim.url}/token`) });
    try {
      vi.useFakeTimers({ toFake: ['Date'] });
      const start = Date.now();
      const first = await tokens.authorization(target);
      // 56 minutes in: the hour-long token has 4 minutes left, inside the 5-minute refresh window.
      vi.setSystemTime(start + 56 * 60_000);
      expect((await modelCall(first)).status).toBe(200);
      const second = await tokens.authorization(target);
      expect(second).not.toBe(first);
      expect(tokenRequests()).toHaveLength(2);
      // Past the hour the old token is refused as Vertex refuses it, and the new one works.
      vi.setSystemTime(start + 61 * 60_000);
      const expired = await modelCall(first);
      expect(expired.status).toBe(401);
      expect(await expired.text()).toContain('ACCESS_TOKEN_EXPIRED');
      expect((await modelCall(second)).status).toBe(200);
    } finally {
      tokens.close();
    }
  });

  it('reports credentials the token endpoint refuses as auth, without the key', async () => {
    const impostor = createTestServiceAccount('token-test');
    const tokens = createGoogleTokenSource({ providerName: 'vertex', credentialsFile: impostor.writeKeyFile(`${sim.url}/token`) });
    try {
      const error = await tokens.authorization(target).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UpstreamHttpError);
      expect((error as UpstreamHttpError).failureClass).toBe('auth');
      expect((error as UpstreamHttpError).message).toContain('Invalid JWT Signature');
      expect((error as UpstreamHttpError).message).not.toContain('PRIVATE KEY');
    } finally {
      tokens.close();
    }
  });

  it('refuses a call without a bearer token, or with one it never issued, as Vertex does', async () => {
    const missing = await modelCall();
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED', details: [{ reason: 'CREDENTIALS_MISSING' }] } });
    expect((await modelCall('Bearer ya29.made-up')).status).toBe(401);
  });
});

describe('Google tokens from the metadata server (Application Default Credentials without a file)', () => {
  it('asks the metadata server named by GCE_METADATA_HOST, with Metadata-Flavor: Google', async () => {
    const saved = { host: process.env.GCE_METADATA_HOST, file: process.env.GOOGLE_APPLICATION_CREDENTIALS, cloudsdk: process.env.CLOUDSDK_CONFIG };
    process.env.GCE_METADATA_HOST = `127.0.0.1:${sim.port}`;
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    // No gcloud user credentials either: ADC must fall through to the metadata server.
    process.env.CLOUDSDK_CONFIG = '/nonexistent-gcloud-config';
    // Decide GCE residency by pinging the metadata server, not by reading this machine's BIOS.
    process.env.METADATA_SERVER_DETECTION = 'ping-only';
    const tokens = createGoogleTokenSource({ providerName: 'vertex' });
    try {
      expect(tokens.label).toBe('google adc');
      const authorization = await tokens.authorization(target);
      expect(authorization).toMatch(/^Bearer ya29\.sim-/);
      const fetched = sim.control.requests().filter((request) => request.path === '/computeMetadata/v1/instance/service-accounts/default/token');
      expect(fetched).toHaveLength(1);
      expect(fetched[0]!.headers['metadata-flavor']).toBe('Google');
      expect((await modelCall(authorization)).status).toBe(200);
    } finally {
      tokens.close();
      delete process.env.METADATA_SERVER_DETECTION;
      for (const [name, value] of [['GCE_METADATA_HOST', saved.host], ['GOOGLE_APPLICATION_CREDENTIALS', saved.file], ['CLOUDSDK_CONFIG', saved.cloudsdk]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
