import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { createAdapter, defaultBaseUrl, describeSettings, isKeyRequired, PROVIDER_TYPES, providerCredentials, settingsIssues, statusPageUrlOf } from './registry.js';

describe('provider registry', () => {
  it('chooses the URL: explicit, default by type, off', () => {
    expect(statusPageUrlOf({ type: 'anthropic' })).toBe('https://status.claude.com/api/v2/summary.json');
    expect(statusPageUrlOf({ type: 'openai' })).toBe('https://status.openai.com/api/v2/summary.json');
    expect(statusPageUrlOf({ type: 'openai-compatible' })).toBeUndefined();
    expect(statusPageUrlOf({ type: 'anthropic', statusPageUrl: false })).toBeUndefined();
    expect(statusPageUrlOf({ type: 'openai-compatible', statusPageUrl: 'http://127.0.0.1:9/s.json' })).toBe('http://127.0.0.1:9/s.json');
  });

  it('says which types need a key', () => {
    expect(PROVIDER_TYPES.map((type) => [type, isKeyRequired({ type })])).toEqual([
      ['anthropic', true],
      ['openai', true],
      ['openai-compatible', false],
      // Signs with its own AWS credentials: the key pool holds one entry naming them (providerCredentials).
      ['bedrock', false],
      ['foundry', true],
      ['azure-openai', true],
      ['gemini', true],
      // Vertex signs in with Google credentials: one key-pool entry names them.
      ['vertex', false],
    ]);
  });

  it('gives the Google types a default base URL from their settings, and Vertex one credential entry', () => {
    expect(defaultBaseUrl({ type: 'gemini' })).toBe('https://generativelanguage.googleapis.com');
    expect(defaultBaseUrl({ type: 'vertex', settings: { region: 'us-east5' } })).toBe('https://us-east5-aiplatform.googleapis.com');
    expect(defaultBaseUrl({ type: 'vertex', settings: { region: 'global' } })).toBe('https://aiplatform.googleapis.com');
    expect(defaultBaseUrl({ type: 'vertex', settings: { region: 'eu', endpoint: 'http://127.0.0.1:9' } })).toBe('http://127.0.0.1:9');
    const [credential, ...others] = providerCredentials({ type: 'vertex', keys: ['ignored'], settings: { project: 'p', region: 'global', credentials_file: '/nonexistent/key.json' } });
    expect(others).toEqual([]);
    expect(credential).toEqual({ label: 'google credentials file', secret: '' });
    expect(settingsIssues('vertex', {})).toEqual([
      { key: 'project', message: 'required for type vertex (the Google Cloud project id)' },
      { key: 'region', message: 'required for type vertex (us-east5, europe-west1, global, ...)' },
    ]);
  });

  it('lets an Azure provider with Microsoft Entra ID go without a key', () => {
    expect(isKeyRequired({ type: 'foundry', settings: { entra: true } })).toBe(false);
    expect(isKeyRequired({ type: 'azure-openai', settings: { entra: { scope: 'https://cognitiveservices.azure.com/.default' } } })).toBe(false);
    expect(isKeyRequired({ type: 'azure-openai', settings: {} })).toBe(true);
  });

  it("builds each type's adapter from its own settings", () => {
    const common = { baseUrl: 'http://127.0.0.1:9', keys: [], headers: {}, timeouts: {}, models: [] };
    const local = createAdapter({ ...common, name: 'local', type: 'openai-compatible', settings: { preset: 'vllm', anthropic_version: 'ignored' } });
    expect([local.id, local.type, local.wireFormat]).toEqual(['local', 'openai-compatible', 'openai']);
    expect(createAdapter({ ...common, name: 'claude', type: 'anthropic' }).wireFormat).toBe('anthropic');
    expect(describeSettings({ type: 'openai-compatible', settings: { preset: 'vllm' } })).toBe('preset=vllm');
    expect(describeSettings({ type: 'anthropic', settings: { anthropic_version: '2023-06-01' } })).toBe('');
  });

  it('refuses a setting the type cannot use, naming the key', () => {
    const common = { baseUrl: 'http://127.0.0.1:9', keys: [], headers: {}, timeouts: {}, models: [] };
    expect(() => createAdapter({ ...common, name: 'local', type: 'openai-compatible', settings: { preset: 'nope' } })).toThrow(ConfigError);
    expect(() => createAdapter({ ...common, name: 'oa', type: 'openai', settings: { quirks: { speed: 'fast' } } })).toThrow(/providers\.oa\.quirks/);
  });
});
