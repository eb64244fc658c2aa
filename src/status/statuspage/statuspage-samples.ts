import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { learnShape, type Shape } from './statuspage-shape.js';

/** Where the Statuspage reference samples live (see its README). */
export const STATUSPAGE_SPEC_DIR = fileURLToPath(new URL('../../../test/fixtures/specs/statuspage/', import.meta.url));

/** Reads one sample file as JSON. */
export function readSample(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(STATUSPAGE_SPEC_DIR, file), 'utf8')) as Record<string, unknown>;
}

/**
 * The shape each `/api/v2` endpoint must have, learned from its sample files. Incident objects
 * are one type everywhere (spec README), so every incident list learns from every incident
 * sample: the open-only files alone would make `monitoring_at`/`resolved_at` look always-null.
 */
export function endpointShapes(): Record<string, Shape> {
  const incidents = readSample('incidents.json');
  const unresolved = readSample('incidents-unresolved.json');
  const summary = learnShape([readSample('summary.json'), readSample('summary-operational.json')]);
  const summaryIncidents = summary.keys.get('incidents');
  if (summaryIncidents !== undefined) learnShape([incidents.incidents, unresolved.incidents], summaryIncidents);
  const incidentList = learnShape([incidents, unresolved]);
  const maintenances = learnShape([
    readSample('scheduled-maintenances.json'),
    readSample('scheduled-maintenances-upcoming.json'),
    readSample('scheduled-maintenances-active.json'),
  ]);
  return {
    '/api/v2/summary.json': summary,
    '/api/v2/status.json': learnShape([readSample('status.json')]),
    '/api/v2/components.json': learnShape([readSample('components.json')]),
    '/api/v2/incidents.json': incidentList,
    '/api/v2/incidents/unresolved.json': incidentList,
    '/api/v2/scheduled-maintenances.json': maintenances,
    '/api/v2/scheduled-maintenances/upcoming.json': maintenances,
    '/api/v2/scheduled-maintenances/active.json': maintenances,
  };
}
