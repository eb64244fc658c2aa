/**
 * Preloaded (`node --import …/event-loop-probe.js`) into the bench's proxies, Lifeline and the bare
 * proxy alike, so the many-open-streams scenario can read each one's event-loop delay from inside:
 * nothing outside a process sees how late its callbacks run. On SIGUSR2 it writes, as JSON to the
 * file named by `LIFELINE_BENCH_LOOP_FILE`, the delay (p99, max, mean, in ms, with a sequence number)
 * of the window since the previous signal and, as `span`, of the last two windows together, then
 * starts a new window. Three signals thus give two windows and the whole: the open-streams scenario
 * signals when the streams open, when every stream has its first event, and when they have ended.
 * Not product code.
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

const file = process.env.LIFELINE_BENCH_LOOP_FILE;
if (file) {
  // 10 ms sampling: fine enough for a 25 ms p99 target, and a timer that costs nothing measurable.
  // Two histograms reset on alternate signals: the one not reset last covers the last two windows.
  const histograms: [IntervalHistogram, IntervalHistogram] = [monitorEventLoopDelay({ resolution: 10 }), monitorEventLoopDelay({ resolution: 10 })];
  for (const histogram of histograms) histogram.enable();
  let sequence = 0;
  const toMs = (nanoseconds: number) => nanoseconds / 1e6;
  const summary = (histogram: IntervalHistogram) => ({ p99Ms: toMs(histogram.percentile(99)), maxMs: toMs(histogram.max), meanMs: toMs(histogram.mean) });
  process.on('SIGUSR2', () => {
    sequence += 1;
    // The histogram reset at the previous signal holds this window; the other one, reset the signal before, both.
    const window = histograms[sequence % 2]!;
    const span = histograms[(sequence + 1) % 2]!;
    writeFileSync(file, JSON.stringify({ sequence, ...summary(window), span: summary(span) }));
    span.reset();
  });
}
