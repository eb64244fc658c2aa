import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

/**
 * Issue 10: Lifeline refuses to listen beyond loopback with no client key and no explicit
 * `server.require_client_key: false`, and says why and what to do. Nothing is bound in these
 * runs: the refusal comes before listening.
 */

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'lifeline-issue-10-door-'));
});
afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('the open-door refusal (issue 10)', () => {
  it('will not start on 0.0.0.0 without client keys, naming the ways out', async () => {
    const config = join(directory, 'exposed.yaml');
    await writeFile(config, stringify({ server: { host: '0.0.0.0', port: 0 }, storage: { path: join(directory, 'exposed.db') }, health: { official: { enabled: false }, probe: { enabled: false } } }));
    const run = await runCli(['start', '-c', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('will not listen on 0.0.0.0');
    expect(run.stderr).toContain('lifeline keys create');
    expect(run.stderr).toContain('require_client_key: false');
    expect(run.stderr).not.toContain('Lifeline listening on');
  });

  it('keys made with the CLI land in the configured SQLite store, the way out of the refusal', async () => {
    const storage = { path: join(directory, 'keyed.db') };
    const config = join(directory, 'keyed.yaml');
    await writeFile(config, stringify({ storage }));
    const created = await runCli(['keys', 'create', '--name', 'door', '-c', config]);
    expect(created.code, created.stderr).toBe(0);
    const listed = await runCli(['keys', 'list', '--json', '-c', config]);
    expect(JSON.parse(listed.stdout).client_keys).toHaveLength(1);
  });
});
