import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { bufferedCounter } from './buffered-counter.js';

function counterOf() {
  const registry = new Registry();
  const counter = bufferedCounter<{ path: string; status: string }>({ name: 'test_requests_total', help: 'Requests.', labelNames: ['path', 'status'], registers: [registry] });
  return { registry, counter };
}

describe('bufferedCounter', () => {
  it('shows every increment on each read, and only once', async () => {
    const { registry, counter } = counterOf();
    counter.get({ path: '/a', status: '200' }).inc();
    counter.get({ path: '/a', status: '200' }).inc(2);
    counter.get({ path: '/b', status: '500' }).inc();
    expect(await registry.metrics()).toMatch(/test_requests_total\{path="\/a",status="200"\} 3\n/);
    expect(await registry.metrics()).toMatch(/test_requests_total\{path="\/a",status="200"\} 3\n/);
    counter.get({ path: '/a', status: '200' }).inc();
    const text = await registry.metrics();
    expect(text).toMatch(/test_requests_total\{path="\/a",status="200"\} 4\n/);
    expect(text).toMatch(/test_requests_total\{path="\/b",status="500"\} 1\n/);
  });

  it('reads the same through get() as through a scrape', async () => {
    const { counter } = counterOf();
    counter.get({ path: '/a', status: '200' }).inc(5);
    const { values } = await counter.metric.get();
    expect(values).toEqual([{ labels: { path: '/a', status: '200' }, value: 5 }]);
  });

  it('keeps series with equal values under different labels apart', async () => {
    const { registry, counter } = counterOf();
    counter.get({ path: 'a', status: 'b' }).inc();
    counter.get({ path: 'ab', status: '' }).inc();
    const text = await registry.metrics();
    expect(text).toMatch(/path="a",status="b"\} 1/);
    expect(text).toMatch(/path="ab",status=""\} 1/);
  });

  it('forgets the series it is told to, counts included, from the export too', async () => {
    const { registry, counter } = counterOf();
    counter.get({ path: '/a', status: '200' }).inc();
    counter.get({ path: '/b', status: '200' }).inc();
    await registry.metrics();
    counter.get({ path: '/a', status: '200' }).inc();
    counter.forget((labels) => labels.path === '/a');
    const text = await registry.metrics();
    expect(text).not.toMatch(/path="\/a"/);
    expect(text).toMatch(/path="\/b",status="200"\} 1/);
    counter.get({ path: '/a', status: '200' }).inc();
    expect(await registry.metrics()).toMatch(/path="\/a",status="200"\} 1\n/);
  });
});
