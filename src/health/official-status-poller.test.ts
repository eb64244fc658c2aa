import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficialStatus } from './health-types.js';
import { OfficialStatusPoller, toOfficialStatus } from './official-status-poller.js';
import { statuspageSummarySchema } from './statuspage-summary-schema.js';
import { SPEC_FIXTURES_DIR } from '../../test/support/spec-fixtures.js';

const SPECS = `${SPEC_FIXTURES_DIR}statuspage`;
const files: Record<string, string> = {
  '/outage/api/v2/summary.json': readFileSync(`${SPECS}/summary.json`, 'utf8'),
  '/fine/api/v2/summary.json': readFileSync(`${SPECS}/summary-operational.json`, 'utf8'),
  // incident.io-style page: no incidents list, no groups.
  '/thin/api/v2/summary.json': JSON.stringify({ page: { id: 'x', name: 'OpenAI' }, components: [{ name: 'API', status: 'degraded_performance' }], status: { description: 'Minor Service Outage' } }),
  '/garbage/api/v2/summary.json': '{"status": "nope"}',
};

let server: Server;
let base: string;
let hangingRequests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/slow/api/v2/summary.json') {
      hangingRequests += 1;
      return; // never answers
    }
    const body = files[request.url ?? ''];
    if (!body) {
      response.writeHead(503).end('unavailable');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const clock = { now: () => 1_800_000_000_000 };

function poller(sources: Record<string, string>, updates: Array<[string, OfficialStatus]> = []): OfficialStatusPoller {
  return new OfficialStatusPoller({
    sources: new Map(Object.entries(sources).map(([provider, path]) => [provider, `${base}${path}`])),
    intervalMs: 60_000,
    timeoutMs: 300,
    clock,
    onUpdate: (provider, status) => updates.push([provider, status]),
  });
}

describe('OfficialStatusPoller', () => {
  it('reads an outage from the sample summary.json: indicator, description and unresolved incidents', async () => {
    const updates: Array<[string, OfficialStatus]> = [];
    const status = await poller({ anthropic: '/outage/api/v2/summary.json' }, updates).poll('anthropic', `${base}/outage/api/v2/summary.json`);
    expect(status).toEqual({
      status: 'partial_outage',
      description: 'Partial System Outage',
      incidents: ['Elevated errors for Claude Opus and Sonnet models'],
      checkedAt: 1_800_000_000_000,
    });
    expect(updates).toEqual([['anthropic', status]]);
  });

  it('reads the operational sample as operational with no incidents', async () => {
    const subject = poller({ anthropic: '/fine/api/v2/summary.json' });
    await subject.pollAll();
    expect(subject.status('anthropic')).toEqual({ status: 'operational', description: 'All Systems Operational', checkedAt: 1_800_000_000_000 });
  });

  it('falls back to the worst component on a page without an indicator', async () => {
    const subject = poller({ openai: '/thin/api/v2/summary.json' });
    await subject.pollAll();
    expect(subject.status('openai')).toMatchObject({ status: 'degraded_performance', description: 'Minor Service Outage' });
  });

  it('records errors without throwing and keeps the last good reading', async () => {
    const subject = poller({});
    await subject.poll('anthropic', `${base}/outage/api/v2/summary.json`);
    const failed = await subject.poll('anthropic', `${base}/missing/api/v2/summary.json`);
    expect(failed).toMatchObject({ status: 'partial_outage', checkedAt: 1_800_000_000_000, error: 'HTTP 503' });
    const recovered = await subject.poll('anthropic', `${base}/fine/api/v2/summary.json`);
    expect(recovered.error).toBeUndefined();
    expect((await subject.poll('other', `${base}/garbage/api/v2/summary.json`))).toEqual({ status: 'unknown', error: 'not a Statuspage summary.json' });
    expect((await subject.poll('closed', 'http://127.0.0.1:1/api/v2/summary.json')).error).toMatch(/fetch failed|ECONNREFUSED/);
  });

  it('gives up after the timeout', async () => {
    const before = hangingRequests;
    const status = await poller({}).poll('slow', `${base}/slow/api/v2/summary.json`);
    expect(status).toEqual({ status: 'unknown', error: 'timed out' });
    expect(hangingRequests).toBe(before + 1);
  });

  it('maps every indicator', () => {
    const map = (indicator: string) => toOfficialStatus(statuspageSummarySchema.parse({ status: { indicator } }), 0).status;
    expect(['none', 'minor', 'major', 'critical', 'maintenance', 'weird'].map(map)).toEqual([
      'operational',
      'degraded_performance',
      'partial_outage',
      'major_outage',
      'degraded_performance',
      'unknown',
    ]);
  });
});
