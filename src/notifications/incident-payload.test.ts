import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../store/store.js';
import { toIncidentPayload } from './incident-payload.js';

const sample = JSON.parse(readFileSync(fileURLToPath(new URL('./__fixtures__/statuspage-incidents.json', import.meta.url)), 'utf8')) as { incidents: Array<Record<string, unknown>> };
const sampleIncident = sample.incidents[0]!;
const sampleUpdate = (sampleIncident.incident_updates as Array<Record<string, unknown>>)[0]!;

const incident: Incident = {
  id: 'inc1',
  title: 'OpenAI: partial outage (server)',
  status: 'resolved',
  impact: 'major',
  componentIds: ['provider:openai', 'target:openai/gpt-5'],
  createdAt: 1_000,
  updatedAt: 9_000,
  resolvedAt: 9_000,
  automatic: true,
  updates: [
    { id: 'u1', incidentId: 'inc1', status: 'investigating', body: 'opened', createdAt: 1_000, automatic: true, affectedComponents: [{ id: 'provider:openai', status: 'partial_outage' }] },
    { id: 'u2', incidentId: 'inc1', status: 'identified', body: 'a person wrote this', createdAt: 2_000, automatic: false },
    { id: 'u3', incidentId: 'inc1', status: 'monitoring', body: 'recovering', createdAt: 5_000, automatic: true, affectedComponents: [{ id: 'provider:openai', status: 'operational' }, { id: 'target:openai/gpt-5', status: 'operational' }] },
    { id: 'u4', incidentId: 'inc1', status: 'resolved', body: 'resolved', createdAt: 9_000, automatic: true, affectedComponents: [{ id: 'provider:openai', status: 'operational' }, { id: 'target:openai/gpt-5', status: 'operational' }] },
  ],
};

describe('toIncidentPayload', () => {
  const payload = toIncidentPayload(incident, 'https://status.example.com/');

  it('uses the Statuspage field names and value types of the real samples', () => {
    for (const [key, value] of Object.entries(payload)) {
      if (!(key in sampleIncident)) continue;
      const expected = sampleIncident[key];
      if (expected === null || value === null) continue;
      expect(typeof value, key).toBe(typeof expected);
    }
    for (const key of ['id', 'name', 'status', 'created_at', 'updated_at', 'monitoring_at', 'resolved_at', 'impact', 'shortlink', 'started_at', 'incident_updates', 'components']) {
      expect(payload, key).toHaveProperty(key);
    }
    const [update] = payload.incident_updates;
    for (const key of ['id', 'status', 'body', 'incident_id', 'created_at', 'updated_at', 'display_at', 'affected_components']) {
      expect(key in sampleUpdate, key).toBe(true);
      expect(update, key).toHaveProperty(key);
    }
    expect(payload.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('lists updates newest first with old and new component statuses', () => {
    expect(payload.incident_updates.map((update) => update.id)).toEqual(['u4', 'u3', 'u2', 'u1']);
    expect(payload.incident_updates[3]!.affected_components).toEqual([{ code: 'provider:openai', name: 'openai', old_status: 'operational', new_status: 'partial_outage' }]);
    expect(payload.incident_updates[2]!.affected_components).toBeNull();
    expect(payload.incident_updates[1]!.affected_components).toEqual([
      { code: 'provider:openai', name: 'openai', old_status: 'partial_outage', new_status: 'operational' },
      { code: 'target:openai/gpt-5', name: 'openai/gpt-5', old_status: 'operational', new_status: 'operational' },
    ]);
    expect(payload.monitoring_at).toBe(new Date(5_000).toISOString());
    expect(payload.resolved_at).toBe(new Date(9_000).toISOString());
    expect(payload.shortlink).toBe('https://status.example.com/status#incident-inc1');
    expect(payload.components).toEqual([
      { id: 'provider:openai', name: 'openai', status: 'operational' },
      { id: 'target:openai/gpt-5', name: 'openai/gpt-5', status: 'operational' },
    ]);
  });
});
