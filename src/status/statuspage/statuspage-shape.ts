/**
 * A structural comparison of JSON documents against the Statuspage samples in
 * /work/shared/specs/statuspage: the shape (keys, key order, value types, string formats) is
 * learned from the samples themselves and enums come from the spec README. Used by tests to prove
 * that Lifeline's `/api/v2/*.json` answers read like the real thing.
 */

type JsonType = 'null' | 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
type StringFormat = 'timestamp' | 'date' | 'id' | 'url' | 'text';

/** What the samples show at one place in the document tree. */
export interface Shape {
  types: Set<JsonType>;
  formats: Set<StringFormat>;
  /** Object keys in the order first seen, with each key's shape. */
  keys: Map<string, Shape>;
  /** Keys present in every sample object here. */
  required: Set<string> | undefined;
  items: Shape | undefined;
}

const FORMAT_PATTERNS: Array<[StringFormat, RegExp]> = [
  ['timestamp', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$/],
  ['date', /^\d{4}-\d{2}-\d{2}$/],
  ['id', /^[a-z0-9]{12}$/],
  ['url', /^https?:\/\/\S+$/],
];

const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];
const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'];
const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'];
const IMPACTS = ['none', 'minor', 'major', 'critical'];

/** Enums by path suffix (array indices written `[]`); the first matching rule applies. */
const ENUM_RULES: Array<[string, readonly string[]]> = [
  ['scheduled_maintenances[].incident_updates[].status', MAINTENANCE_STATUSES],
  ['scheduled_maintenances[].status', MAINTENANCE_STATUSES],
  ['scheduled_maintenances[].impact', ['maintenance']],
  ['incident_updates[].status', INCIDENT_STATUSES],
  ['incidents[].status', INCIDENT_STATUSES],
  ['incidents[].impact', IMPACTS],
  ['components[].status', COMPONENT_STATUSES],
  ['affected_components[].old_status', COMPONENT_STATUSES],
  ['affected_components[].new_status', COMPONENT_STATUSES],
  ['status.indicator', [...IMPACTS, 'maintenance']],
  ['page.time_zone', ['Etc/UTC', 'America/Los_Angeles', 'America/Chicago', 'America/New_York', 'Europe/London']],
];

function emptyShape(): Shape {
  return { types: new Set(), formats: new Set(), keys: new Map(), required: undefined, items: undefined };
}

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'object') return typeof value as JsonType;
  throw new TypeError(`Not a JSON value: ${typeof value}`);
}

function formatOf(text: string): StringFormat {
  return FORMAT_PATTERNS.find(([, pattern]) => pattern.test(text))?.[0] ?? 'text';
}

/** Learns (or widens) a shape from sample documents. */
export function learnShape(samples: unknown[], shape: Shape = emptyShape()): Shape {
  for (const sample of samples) learnOne(sample, shape);
  return shape;
}

function learnOne(value: unknown, shape: Shape): void {
  const type = typeOf(value);
  shape.types.add(type);
  if (type === 'string') shape.formats.add(formatOf(value as string));
  if (type === 'array') {
    shape.items ??= emptyShape();
    for (const item of value as unknown[]) learnOne(item, shape.items);
  }
  if (type === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    shape.required = shape.required === undefined ? new Set(keys) : new Set([...shape.required].filter((key) => keys.includes(key)));
    for (const key of keys) {
      let child = shape.keys.get(key);
      if (child === undefined) {
        child = emptyShape();
        shape.keys.set(key, child);
      }
      learnOne(record[key], child);
    }
  }
}

/** Differences between `value` and `shape`, one readable line each; empty when it conforms. */
export function compareToShape(value: unknown, shape: Shape, path = ''): string[] {
  const problems: string[] = [];
  const type = typeOf(value);
  const allowed = shape.types.has(type) || (type === 'integer' && shape.types.has('number'));
  if (!allowed) return [`${path || '(root)'}: ${type} where the samples have ${[...shape.types].join(' | ')}`];

  if (type === 'string') problems.push(...compareString(value as string, shape, path));
  if (type === 'array') {
    if (shape.items === undefined || shape.items.types.size === 0) {
      if ((value as unknown[]).length > 0) problems.push(`${path}: items where the samples only have empty arrays`);
    } else {
      (value as unknown[]).forEach((item, index) => problems.push(...compareToShape(item, shape.items as Shape, `${path}[${index}]`)));
    }
  }
  if (type === 'object') problems.push(...compareObject(value as Record<string, unknown>, shape, path));
  return problems;
}

function compareString(text: string, shape: Shape, path: string): string[] {
  const problems: string[] = [];
  const [onlyFormat] = shape.formats;
  if (shape.formats.size === 1 && onlyFormat !== undefined && onlyFormat !== 'text' && formatOf(text) !== onlyFormat) {
    problems.push(`${path}: "${text}" is not a ${onlyFormat} like the samples`);
  }
  const rulePath = path.replace(/\[\d+\]/g, '[]');
  const rule = ENUM_RULES.find(([suffix]) => rulePath === suffix || rulePath.endsWith(`.${suffix}`));
  if (rule !== undefined && !rule[1].includes(text)) problems.push(`${path}: "${text}" is not one of ${rule[1].join(', ')}`);
  return problems;
}

function compareObject(record: Record<string, unknown>, shape: Shape, path: string): string[] {
  const problems: string[] = [];
  const keys = Object.keys(record);
  for (const key of keys) {
    const child = shape.keys.get(key);
    if (child === undefined) problems.push(`${path}.${key}: key not in the samples`);
    else problems.push(...compareToShape(record[key], child, path === '' ? key : `${path}.${key}`));
  }
  for (const key of shape.required ?? []) {
    if (!(key in record)) problems.push(`${path}.${key}: missing (present in every sample)`);
  }
  const sampleOrder = [...shape.keys.keys()].filter((key) => keys.includes(key));
  const ownOrder = keys.filter((key) => shape.keys.has(key));
  if (sampleOrder.join(',') !== ownOrder.join(',')) problems.push(`${path || '(root)'}: key order ${ownOrder.join(',')} differs from ${sampleOrder.join(',')}`);
  return problems;
}
