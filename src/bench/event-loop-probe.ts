/**
 * Preloaded (`node --import …/event-loop-probe.js`) into the bench's proxies, Lifeline and the bare
 * proxy alike, so the many-open-streams scenario can read each one's event-loop delay from inside:
 * nothing outside a process sees how late its callbacks run. On SIGUSR2 it writes the delay since
 * the previous signal (p99, max, mean, in ms, with a sequence number) as JSON to the file named by
 * `LIFELINE_BENCH_LOOP_FILE`, then starts a new window. Not product code.
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.LIFELINE_BENCH_LOOP_FILE;
if (file) {
  // 10 ms sampling: fine enough for a 25 ms p99 target, and a timer that costs nothing measurable.
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let sequence = 0;
  process.on('SIGUSR2', () => {
    sequence += 1;
    const toMs = (nanoseconds: number) => nanoseconds / 1e6;
    const report = { sequence, p99Ms: toMs(histogram.percentile(99)), maxMs: toMs(histogram.max), meanMs: toMs(histogram.mean) };
    writeFileSync(file, JSON.stringify(report));
    histogram.reset();
  });
}
