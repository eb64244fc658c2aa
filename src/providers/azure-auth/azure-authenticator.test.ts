import type { AccessToken, TokenCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { UpstreamHttpError } from '../../errors/index.js';
import type { AttemptContext } from '../provider-adapter.js';
import { createAzureAuthenticator, describeTokenFailure } from './azure-authenticator.js';

const TARGET = { provider: 'azure', model: 'gpt-4o-prod' };
const attempt = (secret?: string): AttemptContext => ({ model: 'gpt-4o-prod', signal: new AbortController().signal, ...(secret ? { credential: { label: 'key-1', secret } } : {}) });

/** A credential handing out numbered tokens that live `lifetimeMs`. */
function countingCredential(lifetimeMs: number): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    async getToken(): Promise<AccessToken> {
      credential.calls += 1;
      return { token: `token-${credential.calls}`, expiresOnTimestamp: Date.now() + lifetimeMs };
    },
  };
  return credential;
}

describe('createAzureAuthenticator', () => {
  it('sends a key in the type’s header, and nothing else', async () => {
    const authenticate = createAzureAuthenticator({ keyHeader: 'api-key', provider: 'azure' });
    expect(await authenticate(attempt('the-key-0000000001'), TARGET)).toEqual({ 'api-key': 'the-key-0000000001' });
  });

  it('asks Entra ID once for a token that lives long, and again when it is about to expire', async () => {
    const long = countingCredential(60 * 60 * 1000);
    const authenticate = createAzureAuthenticator({ keyHeader: 'x-api-key', provider: 'foundry', entra: { credential: long, scope: 'scope/.default' } });
    for (let index = 0; index < 5; index++) expect(await authenticate(attempt(), TARGET)).toEqual({ authorization: 'Bearer token-1' });
    expect(long.calls).toBe(1);

    // Inside the forced-refresh window (1 s before expiry) every call needs a new token.
    const short = countingCredential(500);
    const refreshing = createAzureAuthenticator({ keyHeader: 'x-api-key', provider: 'foundry', entra: { credential: short, scope: 'scope/.default' } });
    await refreshing(attempt(), TARGET);
    expect(await refreshing(attempt(), TARGET)).toEqual({ authorization: 'Bearer token-2' });
  });

  it('turns a failed token into an auth error that names the scope and the credential that was tried', async () => {
    const failing: TokenCredential = {
      async getToken() {
        throw new Error(
          'ChainedTokenCredential authentication failed.\nCredentialUnavailableError: EnvironmentCredential is unavailable. No underlying credential could be used.\nCredentialUnavailableError: ManagedIdentityCredential: Authentication failed. Description: Identity not found\nCredentialUnavailableError: Azure CLI could not be found.',
        );
      },
    };
    const authenticate = createAzureAuthenticator({ keyHeader: 'api-key', provider: 'azure', entra: { credential: failing, scope: 'https://cognitiveservices.azure.com/.default' } });
    const error = await authenticate(attempt(), TARGET).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect(error).toMatchObject({ status: 401, failureClass: 'auth', target: TARGET });
    expect((error as Error).message).toBe(
      'Microsoft Entra ID token for https://cognitiveservices.azure.com/.default not obtained: ManagedIdentityCredential: Authentication failed. Description: Identity not found',
    );
  });

  it('says so when neither a key nor Entra ID is configured', async () => {
    const authenticate = createAzureAuthenticator({ keyHeader: 'api-key', provider: 'azure' });
    await expect(authenticate(attempt(), TARGET)).rejects.toMatchObject({ failureClass: 'auth', message: 'provider azure has neither an API key nor Microsoft Entra ID (entra) configured' });
  });
});

describe('describeTokenFailure', () => {
  it('lists the whole chain when no credential of it is present', () => {
    expect(describeTokenFailure(new Error('ChainedTokenCredential authentication failed.\nCredentialUnavailableError: Azure CLI could not be found.'))).toBe(
      'no credential of the chain is available (Azure CLI could not be found.)',
    );
  });

  it('keeps a one-line reason and redacts a bearer token in it', () => {
    expect(describeTokenFailure(new Error('refused Bearer abcdefghijklmnopqrstuvwxyz'))).toBe('refused Bearer [redacted]');
  });
});
