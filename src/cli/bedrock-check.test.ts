import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { startSimulator, type SimulatorHandle } from '../simulators/index.js';
import { formatKeyChecks } from './format-key-checks.js';
import { runKeyChecks } from './run-key-checks.js';

const GOOD = { accessKeyId: 'AKIACHECKGOODKEY0001', secretAccessKey: 'check-good-secret-access-key-00000000001' };
const API_KEY = 'ABSKQmVkcm9ja0FQSUtleS1jaGVjay1nb29kLTAwMDE=';
const WRONG_API_KEY = 'ABSKQmVkcm9ja0FQSUtleS1jaGVjay13cm9uZy0wMDA5';
const SESSION = { accessKeyId: 'ASIACHECKSESSION0002', secretAccessKey: 'check-session-secret-access-key-0000002', sessionToken: 'check-session-token-0002' };

let simulator: SimulatorHandle;
beforeAll(async () => {
  simulator = await startSimulator({
    format: 'bedrock',
    aws: { region: 'eu-west-1', credentials: [GOOD, { ...SESSION, expired: true }], apiKeys: [API_KEY] },
    // This account was granted Sonnet 4.5 in this region, nothing else.
    strictModels: true,
    models: ['anthropic.claude-sonnet-4-5-20250929-v1:0'],
  });
});
afterAll(async () => simulator?.close());

describe('lifeline check on Bedrock', () => {
  it('says precisely what is wrong with each credential: accepted, bad signature, expired session, model access not granted', async () => {
    const aws = (keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
      `{ type: bedrock, region: eu-west-1, endpoint: "${simulator.url}", access_key_id: ${keys.accessKeyId}, secret_access_key: ${keys.secretAccessKey}${keys.sessionToken ? `, session_token: ${keys.sessionToken}` : ''} }`;
    const config = parseConfigText(
      `
providers:
  good: ${aws(GOOD)}
  wrong: ${aws({ ...GOOD, secretAccessKey: 'not-the-secret-access-key-0000000000001' })}
  expired: ${aws(SESSION)}
  noaccess: ${aws(GOOD)}
routes:
  "claude-sonnet-4-5": ["good/claude-sonnet-4-5", "wrong/claude-sonnet-4-5", "expired/claude-sonnet-4-5"]
  "claude-haiku-4-5": ["noaccess/claude-haiku-4-5"]
`,
      { env: {} },
    );
    const reports = await runKeyChecks(config);
    expect(reports.map((report) => [report.name, report.checks.map((check) => [check.label, check.outcome, check.detail?.split(':')[0]])])).toEqual([
      ['good', [['aws-key …0001', 'valid', undefined]]],
      ['wrong', [['aws-key …0001', 'invalid', 'InvalidSignatureException']]],
      ['expired', [['aws-key …0002', 'invalid', 'ExpiredTokenException']]],
      ['noaccess', [['aws-key …0001', 'model_unavailable', 'AccessDeniedException']]],
    ]);
    const text = formatKeyChecks(reports);
    expect(text).toContain('ExpiredTokenException: The security token included in the request is expired');
    expect(text).toContain("AccessDeniedException: You don't have access to the model with the specified model ID.");
    expect(text).not.toContain(SESSION.secretAccessKey);
    expect(text).not.toContain('not-the-secret-access-key');
  });

  it('checks Bedrock API keys one by one (keys, api_key, AWS_BEARER_TOKEN_BEDROCK), without showing them', async () => {
    const where = `type: bedrock, region: eu-west-1, endpoint: "${simulator.url}"`;
    const saved = process.env['AWS_BEARER_TOKEN_BEDROCK'];
    process.env['AWS_BEARER_TOKEN_BEDROCK'] = WRONG_API_KEY;
    try {
      const config = parseConfigText(
        `
providers:
  pool: { ${where}, keys: ["${WRONG_API_KEY}", "${API_KEY}"] }
  single: { ${where}, api_key: "${API_KEY}" }
  fromenv: { ${where} }
routes:
  "claude-sonnet-4-5": ["pool/claude-sonnet-4-5", "single/claude-sonnet-4-5", "fromenv/claude-sonnet-4-5"]
`,
        { env: {} },
      );
      const reports = await runKeyChecks(config);
      expect(reports.map((report) => [report.name, report.checks.map((check) => [check.label, check.outcome, check.detail?.split(':')[0]])])).toEqual([
        ['pool', [['key-1 …MDA5', 'invalid', 'AccessDeniedException'], ['key-2 …MDE=', 'valid', undefined]]],
        ['single', [['key-1 …MDE=', 'valid', undefined]]],
        ['fromenv', [['AWS_BEARER_TOKEN_BEDROCK …MDA5', 'invalid', 'AccessDeniedException']]],
      ]);
      const text = formatKeyChecks(reports);
      expect(text).toContain('Authentication failed: Please make sure your API Key is valid.');
      expect(text).not.toContain(API_KEY);
      expect(text).not.toContain(WRONG_API_KEY);
      const sent = simulator.control.requests().map((request) => request.headers.authorization);
      expect(sent).toContain(`Bearer ${API_KEY}`);
    } finally {
      if (saved === undefined) delete process.env['AWS_BEARER_TOKEN_BEDROCK'];
      else process.env['AWS_BEARER_TOKEN_BEDROCK'] = saved;
    }
  });
});
