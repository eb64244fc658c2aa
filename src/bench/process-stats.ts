import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { parseChildPids } from './worker-shares.js';

/** CPU time a process has used so far, in clock ticks (all threads, user + kernel). */
export interface CpuTicks {
  userTicks: number;
  systemTicks: number;
}

/** Memory figures from /proc/<pid>/status, in kilobytes. */
export interface MemoryKb {
  /** Resident set size now (VmRSS). */
  residentKb: number;
  /** Peak resident set size since start (VmHWM, the "high water mark"). */
  peakResidentKb: number;
}

/**
 * Reads utime and stime (fields 14 and 15) from the text of /proc/<pid>/stat.
 * The command name (field 2) is in parentheses and may itself hold spaces or `)`, so fields are
 * counted from the last `)`.
 */
export function parseProcStat(text: string): CpuTicks {
  const end = text.lastIndexOf(')');
  if (end < 0) throw new Error('unexpected /proc/<pid>/stat format: no ")"');
  // After ") " the first field is field 3 (state), so field 14 is index 11 and field 15 index 12.
  const fields = text.slice(end + 2).trim().split(/\s+/);
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  if (!Number.isFinite(userTicks) || !Number.isFinite(systemTicks)) {
    throw new Error('unexpected /proc/<pid>/stat format: utime/stime are not numbers');
  }
  return { userTicks, systemTicks };
}

/** Reads VmRSS and VmHWM from the text of /proc/<pid>/status. */
export function parseProcStatus(text: string): MemoryKb {
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    if (!match?.[1]) throw new Error(`unexpected /proc/<pid>/status format: no ${name}`);
    return Number(match[1]);
  };
  return { residentKb: field('VmRSS'), peakResidentKb: field('VmHWM') };
}

/** Clock ticks per second for /proc CPU fields (`getconf CLK_TCK`; Linux almost always uses 100). */
export function clockTicksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/** Total CPU seconds (user + system, every thread) a live process has used. */
export function readCpuSeconds(pid: number, ticksPerSecond: number): number {
  const ticks = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  return (ticks.userTicks + ticks.systemTicks) / ticksPerSecond;
}

/** Current and peak resident memory of a live process. */
export function readMemory(pid: number): MemoryKb {
  return parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

/** The pids of a live process's children, from /proc/<pid>/task/<tid>/children of each of its threads. */
export function readChildPids(pid: number): number[] {
  const pids = readdirSync(`/proc/${pid}/task`).flatMap((tid) => parseChildPids(readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')));
  return [...new Set(pids)];
}
