import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { providerCredentials, targetModelId } from '../providers/registry.js';
import { parseConfigText } from './load-config.js';

function issuesOf(text: string): string[] {
  try {
    parseConfigText(text, { env: {} });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const ANTHROPIC = '  anthropic: { type: anthropic, base_url: https://api.anthropic.com, keys: [sk-ant-config-test-0001] }\n';

describe('cloud providers in the configuration', () => {
  it('builds a bedrock endpoint from its region, or takes the endpoint override', () => {
    const config = parseConfigText(
      `providers:\n  aws: { type: bedrock, region: eu-west-1 }\n  local: { type: bedrock, region: us-east-1, endpoint: "http://127.0.0.1:9" }\nroutes:\n  "claude-*": ["aws/*", "local/*"]\n`,
      { env: {} },
    );
    expect(config.providers.aws).toMatchObject({ type: 'bedrock', baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com', settings: { region: 'eu-west-1' } });
    expect(config.providers.local?.baseUrl).toBe('http://127.0.0.1:9');
    // No `keys` list: the AWS credentials are the provider's one credential, and no "no API key" note.
    expect(config.notes).toEqual([]);
  });

  it('names bedrock credentials by where they come from, never by their secret', () => {
    const config = parseConfigText(
      `providers:\n  chain: { type: bedrock, region: us-east-1 }\n  named: { type: bedrock, region: us-east-1, profile: prod }\n  static: { type: bedrock, region: us-east-1, access_key_id: AKIAEXAMPLEEXAMPLE12, secret_access_key: "\${SECRET}" }\n`,
      { env: { SECRET: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } },
    );
    expect(providerCredentials(config.providers.chain!).map((credential) => credential.label)).toEqual(['aws-chain']);
    expect(providerCredentials(config.providers.named!).map((credential) => credential.label)).toEqual(['aws-profile prod']);
    expect(providerCredentials(config.providers.static!)).toEqual([{ label: 'aws-key …LE12', secret: '' }]);
  });

  it('refuses settings of another type, a missing region and half a key pair, naming each key', () => {
    const issues = issuesOf(
      `providers:\n  a: { type: anthropic, base_url: https://x, region: us-east-1 }\n  b: { type: bedrock, base_url: https://x, preset: groq }\n  c: { type: bedrock, region: us-east-1, access_key_id: AKIAEXAMPLE }\n  d: { type: openai }\n`,
    );
    expect(issues).toContain('providers.a.region: not a setting of type anthropic (only bedrock, vertex)');
    expect(issues).toContain('providers.b.region: required for type bedrock');
    expect(issues).toContain('providers.b.preset: not a setting of type bedrock (only openai-compatible)');
    expect(issues).toContain('providers.c.secret_access_key: access_key_id and secret_access_key go together');
    expect(issues).toContain('providers.d.base_url: required for type openai');
  });

  it('refuses a Bedrock API key beside AWS keys or a profile, and an unknown api', () => {
    const issues = issuesOf(`providers:\n  a: { type: bedrock, region: us-east-1, api_key: k, profile: prod }\n  b: { type: bedrock, region: us-east-1, api: messages }\n`);
    expect(issues).toContain('providers.a.api_key: a Bedrock API key replaces AWS keys and profiles: set one or the other');
    expect(issues.some((issue) => issue.startsWith('providers.b.api:'))).toBe(true);
  });

  it('maps the requested Claude model to the cloud id, model_map first', () => {
    const config = parseConfigText(
      `providers:\n${ANTHROPIC}  aws: { type: bedrock, region: eu-west-1, model_map: { claude-sonnet-4-5: eu.anthropic.claude-sonnet-4-5-20250929-v1:0, house-model: "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc" } }\nroutes:\n  "claude-*": ["anthropic/*", "aws/*"]\n  "house-model": ["aws/*"]\n`,
      { env: {} },
    );
    const aws = config.providers.aws!;
    expect(targetModelId(aws, 'claude-sonnet-4-5')).toBe('eu.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(targetModelId(aws, 'claude-haiku-4-5')).toBe('anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(targetModelId(aws, 'house-model')).toMatch(/^arn:aws:bedrock:/);
    expect(targetModelId(aws, 'claude-made-up')).toBeUndefined();
    // Types that take any name send it as it is, or as their own model_map says.
    expect(targetModelId(config.providers.anthropic!, 'claude-made-up')).toBe('claude-made-up');
    expect(targetModelId({ type: 'openai', modelMap: { 'gpt-5': 'gpt-5-2025-08-07' } }, 'gpt-5')).toBe('gpt-5-2025-08-07');
  });

  it('makes an unknown mapping an error at start, not at the first outage', () => {
    const issues = issuesOf(
      `providers:\n${ANTHROPIC}  aws: { type: bedrock, region: us-east-1 }\nroutes:\n  "claude-*": ["anthropic/*", "aws/claude-made-up"]\n  "gpt-*": ["aws/*"]\n  "claude-sonnet-9": ["aws/*"]\n  "claude-sonnet-4-5": { targets: ["aws/*"], long_context: ["aws/claude-nope"] }\n`,
    );
    expect(issues).toEqual([
      'routes."claude-*"[1]: aws (bedrock) has no model id for "claude-made-up"; add it to providers.aws.model_map',
      'routes."gpt-*"[0]: aws/* can serve no model "gpt-*" matches (bedrock knows Claude models and its model_map)',
      'routes."claude-sonnet-9"[0]: aws (bedrock) has no model id for "claude-sonnet-9"; add it to providers.aws.model_map',
      'routes."claude-sonnet-4-5".long_context[0]: aws (bedrock) has no model id for "claude-nope"; add it to providers.aws.model_map',
    ]);
  });
});
