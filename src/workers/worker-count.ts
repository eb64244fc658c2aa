import { availableParallelism } from 'node:os';

/** `--workers` / `server.workers` as a process count: 0 and `auto` mean one per CPU; absent, one. */
export function workerCount(setting: number | 'auto' | undefined, cpus: number = availableParallelism()): number {
  if (setting === undefined) return 1;
  if (setting === 'auto' || setting === 0) return Math.max(1, cpus);
  return setting;
}

/** Parses `--workers <n|auto>`. */
export function parseWorkers(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0 || count > 256) throw new Error(`invalid --workers: ${value} (a number 0–256, or auto; 0 and auto mean one per CPU)`);
  return count;
}
