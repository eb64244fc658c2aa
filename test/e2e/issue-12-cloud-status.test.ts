import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatStatus } from '../../src/cli/format-status.js';
import { healthBlock, QUICK_BREAKER, startStack, type Stack } from '../support/outage-stack.js';
import { SPEC_FIXTURES_DIR } from '../support/spec-fixtures.js';
import { providerVerdict, statusClient } from '../support/status-client.js';
import { waitUntil } from '../support/wait-until.js';

// Issue 12: the Anthropic API down while Claude on Foundry answers. The page says the Anthropic
// provider is out (its scope, its official Statuspage status beside) and Foundry operational, with
// Azure's own status page linked: Azure publishes no Statuspage feed, so Lifeline does not poll it.

const FOUNDRY_KEY = 'foundry-status-key-000000000000000001';
let stack: Stack;
let officialPage: Server;

beforeAll(async () => {
  // Anthropic's official page as Statuspage serves it: all operational while Lifeline sees the outage.
  const summary = readFileSync(`${SPEC_FIXTURES_DIR}statuspage/summary-operational.json`, 'utf8');
  officialPage = createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(summary));
  await new Promise<void>((resolve) => officialPage.listen(0, '127.0.0.1', resolve));
  const summaryUrl = `http://127.0.0.1:${(officialPage.address() as AddressInfo).port}/api/v2/summary.json`;
  stack = await startStack({
    providers: [
      { name: 'anthropic', simulator: { format: 'anthropic' }, extra: { status_page_url: summaryUrl } },
      { name: 'foundry', azure: { service: 'foundry' }, simulator: { format: 'anthropic', keys: [FOUNDRY_KEY] }, keys: [FOUNDRY_KEY] },
    ],
    routes: { 'claude-*': ['anthropic/*', 'foundry/*'] },
    config: { health: { ...healthBlock(), official: { enabled: true, interval_ms: 1_000 } }, resilience: QUICK_BREAKER },
  });
});
afterAll(async () => {
  await stack?.close();
  await new Promise((resolve) => officialPage?.close(resolve));
});

describe('the Anthropic API down while Foundry answers', () => {
  it('serves every request from Foundry and publishes anthropic out, foundry operational, each with its official status', async () => {
    const client = new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'client-key', maxRetries: 0 });
    const ask = async () => (await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 32, messages: [{ role: 'user', content: 'ping' }] }).withResponse()).response.headers.get('x-lifeline-provider');
    expect(await ask()).toBe('anthropic');

    stack.sims.anthropic!.control.addFault({ kind: 'status', status: 529, errorType: 'overloaded_error', persistent: true });
    const status = statusClient(stack.anthropicBaseUrl);
    const judged = await waitUntil(
      async () => {
        // Clients keep being served while the verdict forms: every answer comes from Foundry.
        expect(await ask()).toBe('foundry');
        const snapshot = await status.lifelineStatus();
        const anthropic = providerVerdict(snapshot, 'anthropic');
        return anthropic.status === 'major_outage' || anthropic.status === 'partial_outage' ? snapshot : undefined;
      },
      { timeoutMs: 20_000, description: 'anthropic judged out', describeLast: async () => JSON.stringify(providerVerdict(await status.lifelineStatus(), 'anthropic')) },
    );
    const anthropic = providerVerdict(judged.value, 'anthropic');
    const foundry = providerVerdict(judged.value, 'foundry');
    expect(['global', 'target']).toContain(anthropic.scope);
    expect(anthropic.official).toMatchObject({ status: 'operational' });
    expect(foundry.status).toBe('operational');
    expect(foundry.official ?? undefined).toBeUndefined();
    expect(foundry.officialPage).toEqual({ name: 'Azure status', url: 'https://azure.status.microsoft/en-us/status' });

    const page = await status.text('/status');
    expect(page).toContain('Official status: not polled by Lifeline; see <a href="https://azure.status.microsoft/en-us/status" rel="noopener">Azure status</a>');
    expect(page).not.toContain(FOUNDRY_KEY);
    const terminal = formatStatus(judged.value);
    expect(terminal).toMatch(/foundry\s+operational .* official: not polled, see https:\/\/azure\.status\.microsoft\/en-us\/status/);
  }, 40_000);
});
