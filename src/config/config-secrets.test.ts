import { describe, expect, it } from 'vitest';
import { configSecrets, shortSecretNotes } from './config-secrets.js';
import { parseConfigText } from './load-config.js';

const CONFIG = `
providers:
  anthropic: { type: anthropic, base_url: https://api.anthropic.com, keys: ["sk-ant-long-enough-key-0001", "abc"] }
  gateway:
    type: openai-compatible
    base_url: http://127.0.0.1:11434/v1
    headers: { x-custom-auth-token: "tok-0123456789", accept-language: "en-US,en;q=0.9" }
routes: { "claude-*": ["anthropic/*"] }
admin: { token: "admin-token-0123456789" }
notifications:
  webhooks: [{ name: ops, url: "https://hooks.example.com/x", secret: "whsec-0123456789" }, { name: plain, url: "https://hooks.example.com/y" }]
`;

describe('configSecrets', () => {
  it('lists provider keys, credential headers, the admin token and webhook secrets, and no other header', () => {
    const config = parseConfigText(CONFIG, { env: {} });
    expect(configSecrets(config).sort()).toEqual(['abc', 'admin-token-0123456789', 'sk-ant-long-enough-key-0001', 'tok-0123456789', 'whsec-0123456789'].sort());
  });

  it('lists a bedrock provider\'s secret access key and session token, not its access key id', () => {
    const config = parseConfigText(
      'providers:\n  aws: { type: bedrock, region: us-east-1, access_key_id: AKIAEXAMPLEEXAMPLE12, secret_access_key: wJalrXUtnFEMI-K7MDENG-EXAMPLEKEY, session_token: IQoJb3JpZ2luX2VjEXAMPLETOKEN }\n',
      { env: {} },
    );
    expect(configSecrets(config).sort()).toEqual(['IQoJb3JpZ2luX2VjEXAMPLETOKEN', 'wJalrXUtnFEMI-K7MDENG-EXAMPLEKEY']);
  });

  it('lists the Bedrock API key a bedrock provider takes from AWS_BEARER_TOKEN_BEDROCK, which no setting holds', () => {
    const saved = process.env.AWS_BEARER_TOKEN_BEDROCK;
    process.env.AWS_BEARER_TOKEN_BEDROCK = 'ABSKQmVkcm9ja0FQSUtleS1FWEFNUExF';
    try {
      const config = parseConfigText('providers:\n  aws: { type: bedrock, region: us-east-1 }\n', { env: {} });
      expect(configSecrets(config)).toEqual(['ABSKQmVkcm9ja0FQSUtleS1FWEFNUExF']);
    } finally {
      if (saved === undefined) delete process.env.AWS_BEARER_TOKEN_BEDROCK;
      else process.env.AWS_BEARER_TOKEN_BEDROCK = saved;
    }
  });

  it('names, without showing, the secrets too short to be redacted by value', () => {
    const notes = shortSecretNotes(parseConfigText(CONFIG, { env: {} }));
    expect(notes).toEqual([expect.stringMatching(/^providers\.anthropic\.keys\[1\] is shorter than 8 characters: it is not redacted by value/)]);
    expect(notes.join('\n')).not.toContain('abc');
  });
});
