import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { startStack, type Stack } from '../support/start-stack.js';

const TOKEN = 'admin-token-for-cli-tests';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ name: 'asim', simulator: { format: 'anthropic' } }],
    routes: { 'claude-*': ['asim/*'] },
    config: { admin: { token: TOKEN } },
  });
});
afterAll(async () => stack?.close());

const cli = (...args: string[]) => runCli(['incidents', ...args, '--url', stack.lifeline.url], { env: { LIFELINE_ADMIN_TOKEN: TOKEN } });

describe('lifeline incidents (admin updates from the terminal)', () => {
  it('opens an incident, adds human updates, resolves it and publishes a postmortem', async () => {
    const opened = await cli('open', '--title', 'Elevated latency on claude', '--message', 'We are looking into slow answers.', '--impact', 'minor');
    expect(opened.stderr).toBe('');
    expect(opened.code).toBe(0);
    const id = /\] (\w+)$/m.exec(opened.stdout)?.[1];
    expect(id).toMatch(/^[a-z0-9]{12}$/);

    const identified = await cli('update', id!, '--status', 'identified', '--message', 'A slow upstream region.');
    expect(identified.code).toBe(0);
    expect(identified.stdout).toMatch(/identified\s+\(operator\) A slow upstream region\./);

    expect((await cli('update', id!, '--status', 'resolved', '--message', 'Back to normal.')).code).toBe(0);
    const postmortem = await cli('postmortem', id!, '--message', 'Root cause: a saturated region.');
    expect(postmortem.code).toBe(0);
    expect(postmortem.stdout).toContain('postmortem: Root cause: a saturated region.');

    const listed = await cli('list');
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+postmortem\\s+minor\\s+Elevated latency on claude`, 'm'));
    const shown = await cli('show', id!);
    expect(shown.stdout.split('\n').filter((line) => line.includes('(operator)'))).toHaveLength(4);

    // The public API shows the human timeline too.
    const incidents = (await (await fetch(`${stack.lifeline.url}/api/v2/incidents.json`)).json()) as { incidents: Array<{ name: string; incident_updates: unknown[] }> };
    expect(incidents.incidents.find((incident) => incident.name === 'Elevated latency on claude')?.incident_updates.length).toBeGreaterThanOrEqual(3);
  });

  it('says what to fix when the status is wrong, the token is wrong or missing', async () => {
    const badStatus = await cli('update', 'abc', '--status', 'fixed', '--message', 'x');
    expect(badStatus.code).toBe(1);
    expect(badStatus.stderr).toContain('--status must be one of investigating, identified, monitoring, resolved');
    const wrongToken = await runCli(['incidents', 'list', '--url', stack.lifeline.url, '--token', 'wrong']);
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toContain('HTTP 401');
    const noToken = await runCli(['incidents', 'list', '--url', stack.lifeline.url], { env: { LIFELINE_ADMIN_TOKEN: '' } });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('no admin token');
  });
});
