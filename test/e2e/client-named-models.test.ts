import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/start-stack.js';
import { statusClient, type LifelineStatus } from '../support/status-client.js';
import { waitUntil } from '../support/wait-until.js';

// `claude-*` → `asim/*` sends the client's own model name upstream. A client's typo must come back
// as the provider's honest 404, and must not show up as a failing model, degrade the provider on
// the status page, or leave a breaker (and a metric series) behind for every made-up name. This
// page is an internal one (`dynamic_targets.publish`): a model the provider answered is shown by
// name. issue-15-client-named-model-growth.test.ts covers the public default.

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ name: 'asim', simulator: { format: 'anthropic', models: ['claude-real'], strictModels: true } }],
    routes: { 'claude-*': ['asim/*'] },
    config: { health: { official: { enabled: false }, probe: { enabled: false }, dynamic_targets: { publish: true } } },
  });
});
afterAll(async () => stack?.close());

const client = () => new Anthropic({ baseURL: stack.anthropicBaseUrl, apiKey: 'client', maxRetries: 0 });
/** Lifeline's status once `accept` holds (verdicts are published on a tick, not per request). */
async function statusWhen(accept: (status: LifelineStatus) => boolean, description: string): Promise<LifelineStatus> {
  const status = statusClient(stack.lifeline.url);
  const found = await waitUntil(
    async () => {
      const current = await status.lifelineStatus();
      return accept(current) ? current : undefined;
    },
    { timeoutMs: 10_000, description, describeLast: async () => JSON.stringify((await status.lifelineStatus()).components) },
  );
  return found.value;
}

const ask = (model: string) => client().messages.create({ model, max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });

describe('model names a client made up through provider/*', () => {
  it('answers 404 and leaves no component, verdict, incident or breaker behind', async () => {
    for (let index = 0; index < 6; index++) {
      const error = await ask(`claude-typo-${index % 2}`).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    }
    await ask('claude-real');
    const status = statusClient(stack.lifeline.url);
    const lifeline = await statusWhen((current) => current.components.some((component) => component.id === 'target:asim/claude-real'), 'claude-real on the status');
    expect(lifeline.components.map((component) => component.id).sort()).toEqual(['provider:asim', 'target:asim/*', 'target:asim/claude-real']);
    expect(lifeline.components.every((component) => component.status === 'operational')).toBe(true);
    expect(await status.unresolvedIncidents()).toEqual([]);
    const metrics = await status.text('/metrics');
    expect(metrics).toContain('model="claude-real"');
    expect(metrics).not.toMatch(/breaker="target:asim\/claude-typo/);
    // The attempts themselves are still counted, under `other`: the name was never served.
    expect(metrics).not.toContain('claude-typo');
    expect(metrics).toMatch(/attempts_total\{[^}]*model="other"[^}]*failure_class="not_found"[^}]*\} 6/);
  });

  it('shows traffic of the minute in progress in the history at once, before the minute is stored', async () => {
    for (let index = 0; index < 3; index++) await ask('claude-real');
    const response = await fetch(`${stack.lifeline.url}/api/lifeline/history?component=${encodeURIComponent('target:asim/claude-real')}&days=1`);
    expect(response.status).toBe(200);
    const history = (await response.json()) as { series: { resolution: string; points: Array<{ at: number; requests: number; latencyAvgMs: number | null }> } };
    expect(history.series.resolution).toBe('minute');
    const recent = history.series.points.filter((point) => point.at >= Date.now() - 2 * 60_000);
    expect(recent.reduce((sum, point) => sum + point.requests, 0)).toBeGreaterThanOrEqual(3);
    expect(recent.some((point) => point.latencyAvgMs !== null)).toBe(true);
  });

  it('still reports a model that answered before and is now not found (retired)', async () => {
    await ask('claude-real');
    stack.sims.asim!.control.addFault({ kind: 'status', status: 404, errorType: 'not_found_error', persistent: true });
    try {
      for (let index = 0; index < 6; index++) await ask('claude-real').catch(() => undefined);
      const targetOf = (current: LifelineStatus) => current.components.find((component) => component.id === 'target:asim/claude-real');
      const lifeline = await statusWhen((current) => targetOf(current)?.status !== 'operational', 'claude-real not operational');
      expect(targetOf(lifeline)?.reason).toMatch(/not found/);
    } finally {
      stack.sims.asim!.control.clearFaults();
    }
  });
});
