import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Event-loop delay over one span of time, in ms. */
export interface EventLoopDelay {
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** What event-loop-probe.ts reports at a signal: the window since the previous one, and `span`, the last two windows together. */
export interface EventLoopReport extends EventLoopDelay {
  sequence: number;
  span: EventLoopDelay;
}

function readReport(file: string): EventLoopReport | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as EventLoopReport;
  } catch {
    return undefined;
  }
}

/**
 * Asks the probe in process `pid` for its window (SIGUSR2) and waits until the file shows a newer
 * report than `after`; the signal also opens the next window.
 */
export async function closeEventLoopWindow(pid: number, file: string, after: number, timeoutMs = 5000): Promise<EventLoopReport> {
  process.kill(pid, 'SIGUSR2');
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const report = readReport(file);
    if (report !== undefined && report.sequence > after) return report;
    if (performance.now() > deadline) throw new Error(`no event-loop report from pid ${pid} in ${file} within ${timeoutMs} ms`);
    await sleep(20);
  }
}
