import { describe, expect, it } from 'vitest';
import { FaultQueue, type FaultTarget } from './fault-queue.js';

const target = (overrides: Partial<FaultTarget> = {}): FaultTarget => ({
  path: '/v1/messages',
  model: 'claude-sonnet-4-6',
  key: 'k1',
  stream: false,
  ...overrides,
});

describe('FaultQueue', () => {
  it('hands each fault out `times` times, first match first', () => {
    const queue = new FaultQueue();
    queue.add({ kind: 'status', status: 529, times: 2 });
    queue.add({ kind: 'reset-before-headers' });
    expect(queue.take(target())?.kind).toBe('status');
    expect(queue.take(target())?.kind).toBe('status');
    expect(queue.take(target())?.kind).toBe('reset-before-headers');
    expect(queue.take(target())).toBeUndefined();
  });

  it('keeps persistent faults until cleared', () => {
    const queue = new FaultQueue();
    queue.add({ kind: 'malformed-json', persistent: true });
    for (let index = 0; index < 5; index++) expect(queue.take(target())?.kind).toBe('malformed-json');
    queue.clear();
    expect(queue.take(target())).toBeUndefined();
  });

  it('skips faults whose match does not fit, leaving them queued', () => {
    const queue = new FaultQueue();
    queue.add({ kind: 'status', status: 429, match: { key: 'k2' } });
    queue.add({ kind: 'status', status: 500, match: { model: 'gpt-*', stream: true } });
    queue.add({ kind: 'status', status: 404, match: { path: '/v1/models' } });
    expect(queue.take(target())).toBeUndefined();
    expect(queue.take(target({ model: 'gpt-4o', stream: true }))).toMatchObject({ status: 500 });
    expect(queue.take(target({ path: '/v1/models', model: undefined }))).toMatchObject({ status: 404 });
    expect(queue.take(target({ key: 'k2' }))).toMatchObject({ status: 429 });
    expect(queue.size).toBe(0);
  });
});
