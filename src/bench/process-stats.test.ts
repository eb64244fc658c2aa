import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcStat, parseProcStatus, readCpuSeconds, readMemory } from './process-stats.js';

describe('parseProcStat', () => {
  it('reads utime and stime (fields 14 and 15)', () => {
    const text = '4242 (node) S 1 4242 4242 0 -1 4194560 12345 0 0 0 731 96 0 0 20 0 11 0 5000 1234567 8910 18446744073709551615\n';
    expect(parseProcStat(text)).toEqual({ userTicks: 731, systemTicks: 96 });
  });

  it('counts fields from the last parenthesis when the command name holds spaces and parentheses', () => {
    const text = '7 (my (odd) name) R 1 7 7 0 -1 0 0 0 0 0 55 44 0 0 20 0 1 0 9 0 0\n';
    expect(parseProcStat(text)).toEqual({ userTicks: 55, systemTicks: 44 });
  });

  it('rejects text that is not a stat line', () => {
    expect(() => parseProcStat('garbage')).toThrow(/no "\)"/);
    expect(() => parseProcStat('1 (x) S 1 2')).toThrow(/not numbers/);
  });
});

describe('parseProcStatus', () => {
  it('reads VmRSS and VmHWM in kB', () => {
    const text = ['Name:\tnode', 'VmPeak:\t 1200000 kB', 'VmHWM:\t  150312 kB', 'VmRSS:\t   77520 kB', 'Threads:\t11'].join('\n');
    expect(parseProcStatus(text)).toEqual({ residentKb: 77520, peakResidentKb: 150312 });
  });

  it('names the missing field', () => {
    expect(() => parseProcStatus('VmRSS:\t 10 kB\n')).toThrow(/VmHWM/);
  });
});

describe('reading /proc for this process', () => {
  it('agrees with the live files', () => {
    const memory = readMemory(process.pid);
    expect(memory.residentKb).toBeGreaterThan(1000);
    expect(memory.peakResidentKb).toBeGreaterThanOrEqual(memory.residentKb);
    expect(readCpuSeconds(process.pid, 100)).toBeGreaterThan(0);
    expect(readFileSync(`/proc/${process.pid}/stat`, 'utf8')).toContain(`${process.pid} (`);
  });
});
