import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../config/load-config.js';
import { startAzureSimulator, type AzureSimulatorHandle } from '../simulators/index.js';
import { formatKeyChecks } from './format-key-checks.js';
import { runKeyChecks } from './run-key-checks.js';

// `lifeline check` on Azure providers: a wrong key named as such, an Entra ID token obtained and
// accepted, and one for the wrong audience refused in Azure's own words.

const FOUNDRY_KEY = 'foundry-check-key-0000000000000000001';
let foundry: AzureSimulatorHandle;
let azure: AzureSimulatorHandle;
const savedEnvironment = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };

beforeAll(async () => {
  foundry = await startAzureSimulator({ service: 'foundry', keys: [FOUNDRY_KEY] });
  azure = await startAzureSimulator({ service: 'azure-openai', deployments: ['gpt-4o-prod'] });
  Object.assign(process.env, foundry.identityEnvironment);
});
afterAll(async () => {
  await foundry?.close();
  await azure?.close();
  for (const [name, value] of Object.entries(savedEnvironment)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('lifeline check on Azure providers', () => {
  it('says which key is wrong, which Entra ID token works, and why the other is refused', async () => {
    const config = parseConfigText(
      `
providers:
  foundry: { type: foundry, base_url: "${foundry.url}", keys: ["${FOUNDRY_KEY}", wrong-foundry-key-00000000000000001], models: [claude-sonnet-4-5] }
  foundry_entra: { type: foundry, base_url: "${foundry.url}", entra: true, models: [claude-sonnet-4-5] }
  azure_entra: { type: azure-openai, base_url: "${azure.url}", api: deployments, entra: { scope: "https://ai.azure.com/.default" }, models: [gpt-4o-prod] }
`,
      { env: {} },
    );
    const reports = await runKeyChecks(config);
    expect(reports.map((report) => [report.name, report.keyOptional, report.checks.map((check) => [check.label, check.outcome])])).toEqual([
      ['foundry', false, [['key-1 …0001', 'valid'], ['key-2 …0001', 'invalid']]],
      ['foundry_entra', true, [['Entra ID token', 'valid']]],
      ['azure_entra', true, [['Entra ID token', 'invalid']]],
    ]);
    const text = formatKeyChecks(reports);
    expect(text).toMatch(/key-2 …0001\s+invalid key\s+model claude-sonnet-4-5/);
    expect(text).toContain('Access denied due to invalid subscription key or wrong API endpoint');
    expect(text).toMatch(/Entra ID token\s+credentials refused\s+model gpt-4o-prod/);
    expect(text).toContain('Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.');
    expect(text).not.toContain(FOUNDRY_KEY);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    const bearer = foundry.control.requests().find((request) => request.path === '/anthropic/v1/messages' && request.headers.authorization);
    expect(bearer?.headers.authorization).toMatch(/^Bearer eyJ/);
  });
});
