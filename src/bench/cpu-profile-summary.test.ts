import { describe, expect, it } from 'vitest';
import { areaOf, cpuProfileSchema, renderCpuProfileSummary, summariseCpuProfile } from './cpu-profile-summary.js';

const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber, columnNumber: 0, scriptId: '1' });

const profile = cpuProfileSchema.parse({
  nodes: [
    { id: 1, callFrame: frame('(root)', '', -1), hitCount: 0 },
    { id: 2, callFrame: frame('(idle)', '', -1), hitCount: 0 },
    { id: 3, callFrame: frame('write', 'node:internal/streams/writable', 9) },
    { id: 4, callFrame: frame('parse', 'file:///app/node_modules/zod/v4/core/schemas.js', 99) },
    { id: 5, callFrame: frame('renderStream', 'file:///app/dist/protocols/openai/render-stream.js', 41) },
    { id: 6, callFrame: frame('(garbage collector)', '', -1) },
  ],
  startTime: 0,
  endTime: 100,
  samples: [2, 3, 4, 4, 5, 6, 2],
  // Sample i is charged the delta that follows it.
  timeDeltas: [0, 50_000, 1000, 2000, 3000, 4000, 5000],
});

describe('areaOf', () => {
  it('names packages, node internals, project files and V8 pseudo-frames', () => {
    expect(areaOf('file:///x/node_modules/@scope/pkg/index.js', 'f')).toBe('@scope/pkg');
    expect(areaOf('file:///x/node_modules/pino/lib/proto.js', 'f')).toBe('pino');
    expect(areaOf('node:internal/http', 'f')).toBe('node internals');
    expect(areaOf('file:///x/dist/http/create-server.js', 'f')).toBe('http/create-server.js');
    expect(areaOf('', '(garbage collector)')).toBe('(garbage collector)');
    expect(areaOf('', 'JSONParse')).toBe('(native)');
  });
});

describe('summariseCpuProfile', () => {
  it('charges each sample the following delta and leaves idle out of the busy share', () => {
    const summary = summariseCpuProfile(profile);
    expect(summary.idleMs).toBe(50);
    expect(summary.busyMs).toBe(15);
    expect(summary.functions[0]).toEqual({ name: 'parse zod:100', selfMs: 5, percent: (5 * 100) / 15 });
    expect(summary.areas.map((area) => area.name)).toEqual(['zod', '(garbage collector)', 'protocols/openai/render-stream.js', 'node internals']);
    expect(renderCpuProfileSummary(summary)).toContain('busy 15 ms, idle 50 ms');
  });
});
