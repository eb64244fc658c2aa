import { describe, expect, it } from 'vitest';
import {
  formatNumber,
  formatOptionalRatio,
  formatRatio,
  formatSignedMs,
  renderBareProxyComparisons,
  renderChecks,
  renderComparisonTable,
  renderMeasurementTable,
  renderTable,
} from './report.js';
import type { ScenarioResult } from './scenario-result.js';

describe('formatting', () => {
  it('formats ratios with two decimals and a multiplication sign', () => {
    expect(formatRatio(0.6234)).toBe('0.62×');
    expect(formatRatio(1)).toBe('1.00×');
    expect(formatRatio(Number.NaN)).toBe('n/a');
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('n/a');
  });

  it('signs added latency and never prints -0.00', () => {
    expect(formatSignedMs(1.234)).toBe('+1.23');
    expect(formatSignedMs(-0.4)).toBe('-0.40');
    expect(formatSignedMs(-0.001)).toBe('+0.00');
    expect(formatSignedMs(Number.NaN)).toBe('n/a');
  });

  it('prints n/a for missing numbers', () => {
    expect(formatNumber(null)).toBe('n/a');
    expect(formatNumber(12.345, 1)).toBe('12.3');
    expect(formatOptionalRatio(null)).toBe('n/a');
    expect(formatOptionalRatio(1.349)).toBe('1.35×');
  });
});

describe('renderTable', () => {
  it('pads columns to the widest cell, first column left-aligned', () => {
    expect(renderTable(['name', 'n'], [['a', '100'], ['long name', '5']])).toBe(
      ['name         n', '---------  ---', 'a          100', 'long name    5'].join('\n'),
    );
  });
});

const base: ScenarioResult = {
  id: 'direct-anthropic-json',
  label: 'direct anthropic sim json',
  group: 'direct',
  stream: false,
  via: 'direct',
  baselineId: 'direct-anthropic-json',
  requests: 1000,
  failed: 0,
  requestsPerSecond: 5000,
  roundRequestsPerSecond: [5000],
  p50Ms: 2,
  p99Ms: 5,
  meanMs: 2.5,
  lifelineCpuMicrosPerRequest: null,
  bareProxyCpuMicrosPerRequest: null,
  nginxCpuMicrosPerRequest: null,
  upstreamCpuMicrosPerRequest: 90,
  clientCpuMicrosPerRequest: 120,
  lifelineCpuPerSimulatorCpu: null,
  bareProxyCpuPerSimulatorCpu: null,
  nginxCpuPerSimulatorCpu: null,
  lifelineCpuPerBareProxyCpu: null,
  lifelineCpuPerNginxCpu: null,
  throughputRatio: 1,
  addedP50Ms: 0,
  addedP99Ms: 0,
};

describe('scenario tables', () => {
  const passthrough: ScenarioResult = {
    ...base,
    id: 'passthrough-anthropic-to-anthropic-json',
    label: 'pass anthropic→anthropic json',
    group: 'passthrough',
    via: 'lifeline',
    requestsPerSecond: 3000,
    lifelineCpuMicrosPerRequest: 140,
    lifelineCpuPerSimulatorCpu: 140 / 90,
    bareProxyId: 'bare-proxy-anthropic-json',
    lifelineCpuPerBareProxyCpu: 140 / 112,
    throughputRatio: 0.6,
    addedP50Ms: 1.5,
    addedP99Ms: 3,
  };
  const bareProxy: ScenarioResult = {
    ...base,
    id: 'bare-proxy-anthropic-json',
    label: 'bare proxy anthropic json',
    group: 'bare-proxy',
    via: 'bare-proxy',
    requestsPerSecond: 4000,
    bareProxyCpuMicrosPerRequest: 112,
    bareProxyCpuPerSimulatorCpu: 112 / 90,
    throughputRatio: 0.8,
    addedP50Ms: 0.5,
    addedP99Ms: 1,
  };

  it('lists every scenario with its CPU figures, n/a for Lifeline on direct rows', () => {
    const lines = renderMeasurementTable([base, passthrough, bareProxy]).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toMatch(/^direct anthropic sim json\s+5000\s+2\.00\s+5\.00\s+n\/a\s+90\s+120\s+0$/);
    expect(lines[3]).toMatch(/\b140\b/);
    // The bare proxy's own CPU goes in the proxy column of its row.
    expect(lines[4]).toMatch(/^bare proxy anthropic json\s+4000\s+2\.00\s+5\.00\s+112\s+90\s+120\s+0$/);
  });

  it('compares only non-baseline scenarios, with ratios and added latency', () => {
    const lines = renderComparisonTable([base, bareProxy, passthrough]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('Lifeline CPU ÷ bare proxy CPU');
    expect(lines[2]).toMatch(/^bare proxy anthropic json\s+direct-anthropic\s+0\.80×\s+\+0\.50\s+\+1\.00\s+1\.24×$/);
    expect(lines[3]).toMatch(/^pass anthropic→anthropic json\s+direct-anthropic\s+0\.60×\s+\+1\.50\s+\+3\.00\s+1\.56×\s+1\.25×$/);
  });
});

describe('nginx rows and column', () => {
  it('puts nginx CPU in the proxy column of its row and Lifeline ÷ nginx on linked rows', () => {
    const nginx: ScenarioResult = { ...base, id: 'nginx-anthropic-json', label: 'nginx anthropic json', group: 'nginx', via: 'nginx', nginxCpuMicrosPerRequest: 61, nginxCpuPerSimulatorCpu: 61 / 90 };
    const translated: ScenarioResult = {
      ...base,
      id: 'translated-openai-to-anthropic-json',
      label: 'xlate openai→anthropic json',
      group: 'translated',
      via: 'lifeline',
      lifelineCpuMicrosPerRequest: 244,
      lifelineCpuPerSimulatorCpu: 244 / 90,
      nginxId: 'nginx-anthropic-json',
      lifelineCpuPerNginxCpu: 4,
    };
    expect(renderMeasurementTable([nginx]).split('\n')[2]).toMatch(/^nginx anthropic json\s+5000\s+2\.00\s+5\.00\s+61\s+90\s+120\s+0$/);
    const lines = renderComparisonTable([base, nginx, translated]).split('\n');
    expect(lines[0]).toMatch(/Lifeline CPU ÷ nginx CPU$/);
    expect(lines[2]).toMatch(/^nginx anthropic json\s+direct-anthropic\s+1\.00×\s+\+0\.00\s+\+0\.00\s+0\.68×$/);
    expect(lines[3]).toMatch(/\s2\.71×\s+4\.00×$/);
  });
});

describe('renderBareProxyComparisons', () => {
  it('prints one INFO line per pair, marked as not a target', () => {
    const text = renderBareProxyComparisons([
      { name: 'pass anthropic→anthropic json', bareProxyLabel: 'bare proxy anthropic json', lifelineCpuMicros: 260.4, bareProxyCpuMicros: 192.2, ratio: 260.4 / 192.2 },
    ]);
    expect(text).toBe(
      'INFO  pass anthropic→anthropic json: Lifeline CPU 260 µs/req = 1.35× bare proxy anthropic json (192 µs/req) (informational, not a target)',
    );
    expect(renderBareProxyComparisons([])).toBe('');
  });
});

describe('renderChecks', () => {
  it('prints PASS/FAIL with the right relation', () => {
    const text = renderChecks([
      { name: 'cpu', actual: 160.4, limit: 150, kind: 'max', unit: 'µs/req', passed: false },
      { name: 'ratio', actual: 0.71, limit: 0.6, kind: 'min', unit: '×', passed: true },
      { name: 'idle', actual: 60.26, limit: 80, kind: 'max', unit: 'MB', passed: true },
    ]);
    expect(text.split('\n')).toEqual([
      'FAIL  cpu: 160 µs/req (target ≤ 150 µs/req)',
      'PASS  ratio: 0.71 × (target ≥ 0.6 ×)',
      'PASS  idle: 60.3 MB (target < 80 MB)',
    ]);
  });
});
