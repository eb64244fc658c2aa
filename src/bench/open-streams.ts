/**
 * The many-open-streams scenario: `streams` Anthropic streams opened at once and held while the
 * paced simulator trickles their events (5 per second by default, for 20 s), as coding agents keep
 * streams open for minutes. Measured for one proxy at a time: its CPU per event delivered, its
 * highest RSS while the streams are open, and its event-loop delay p99 (event-loop-probe.ts), both
 * while the streams trickle (from the moment every stream has its first event to the end: the
 * counted figure, the "while tokens trickle") and over the whole window, opening burst included.
 */
import { Pool } from 'undici';
import type { BenchRequest } from './bench-request.js';
import { closeEventLoopWindow, type EventLoopDelay } from './event-loop-window.js';
import { readCpuSeconds, readMemory } from './process-stats.js';

/** The proxy under test and how to read it. */
export interface OpenStreamsTarget {
  label: string;
  pid: number;
  /** The file its event-loop probe writes to. */
  loopFile: string;
  request: BenchRequest;
}

/** What one run measured. */
export interface OpenStreamsResult {
  label: string;
  streams: number;
  completed: number;
  failed: number;
  firstFailure?: string;
  /** SSE events the clients received, over every stream. */
  events: number;
  elapsedMs: number;
  cpuMicrosPerEvent: number;
  /** Highest VmRSS sampled while the streams were open. */
  peakRssMb: number;
  /** From the moment every stream had its first event (or had failed) until the last ended: the streams held open, trickling. */
  eventLoop: EventLoopDelay;
  /** From the first connection to the last stream's end: the 1,000 connections' opening burst included. */
  eventLoopWholeWindow: EventLoopDelay;
  /** How long after the start every stream had its first event (or had failed). */
  allStartedMs: number;
}

/** Counts SSE frames (blank-line ends) in a stream's chunks, across chunk boundaries. */
class FrameCounter {
  frames = 0;
  #lastWasNewline = false;
  add(chunk: Buffer): void {
    for (let index = chunk.indexOf(0x0a); index !== -1; index = chunk.indexOf(0x0a, index + 1)) {
      const previousIsNewline = index === 0 ? this.#lastWasNewline : chunk[index - 1] === 0x0a;
      if (previousIsNewline) this.frames += 1;
    }
    if (chunk.length > 0) this.#lastWasNewline = chunk[chunk.length - 1] === 0x0a;
  }
}

/** Holds one stream to its end; `onStarted` is called once, at its first body chunk or its failure, whichever comes first. */
async function holdStream(pool: Pool, request: BenchRequest, onStarted: () => void): Promise<{ frames: number; failure?: string }> {
  const counter = new FrameCounter();
  let started = false;
  const markStarted = () => {
    if (started) return;
    started = true;
    onStarted();
  };
  try {
    const response = await pool.request({ method: 'POST', path: request.path, headers: request.headers, body: request.body });
    let tail = '';
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      markStarted();
      counter.add(chunk);
      tail = (tail + chunk.toString('latin1')).slice(-256);
    }
    if (response.statusCode !== 200) return { frames: counter.frames, failure: `status ${response.statusCode}: ${tail.slice(0, 200)}` };
    if (request.endMarker !== undefined && !tail.includes(request.endMarker)) return { frames: counter.frames, failure: `stream ended without ${request.endMarker}` };
    return { frames: counter.frames };
  } catch (error) {
    markStarted();
    return { frames: counter.frames, failure: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  } finally {
    markStarted();
  }
}

/** Opens `streams` streams through one proxy at once, holds them to their end, and reads the proxy's figures. */
export async function measureOpenStreams(target: OpenStreamsTarget, streams: number, ticksPerSecond: number): Promise<OpenStreamsResult> {
  // One connection per stream, as that many agents would hold; generous timeouts, the events are 200 ms apart.
  const pool = new Pool(target.request.origin, { connections: streams, pipelining: 1, headersTimeout: 60_000, bodyTimeout: 30_000 });
  try {
    const opened = await closeEventLoopWindow(target.pid, target.loopFile, 0).catch(() => ({ sequence: 0 }));
    let peakRssKb = readMemory(target.pid).residentKb;
    const sampler = setInterval(() => {
      peakRssKb = Math.max(peakRssKb, readMemory(target.pid).residentKb);
    }, 250);
    const cpuBefore = readCpuSeconds(target.pid, ticksPerSecond);
    const startedAt = performance.now();
    // Once every stream has its first event, the opening burst is over: the probe's next window is the trickle alone.
    let pendingStarts = streams;
    let allStartedMs = Number.NaN;
    let trickleOpened: Promise<{ sequence: number }> = Promise.resolve(opened);
    const onStarted = () => {
      pendingStarts -= 1;
      if (pendingStarts > 0) return;
      allStartedMs = performance.now() - startedAt;
      trickleOpened = closeEventLoopWindow(target.pid, target.loopFile, opened.sequence);
    };
    const outcomes = await Promise.all(Array.from({ length: streams }, () => holdStream(pool, target.request, onStarted)));
    const elapsedMs = performance.now() - startedAt;
    const cpuSeconds = readCpuSeconds(target.pid, ticksPerSecond) - cpuBefore;
    clearInterval(sampler);
    const trickle = await trickleOpened;
    const report = await closeEventLoopWindow(target.pid, target.loopFile, trickle.sequence);
    const eventLoop = { p99Ms: report.p99Ms, maxMs: report.maxMs, meanMs: report.meanMs };
    const events = outcomes.reduce((sum, outcome) => sum + outcome.frames, 0);
    const failures = outcomes.filter((outcome) => outcome.failure !== undefined);
    const result: OpenStreamsResult = {
      label: target.label,
      streams,
      completed: streams - failures.length,
      failed: failures.length,
      events,
      elapsedMs,
      cpuMicrosPerEvent: events > 0 ? (cpuSeconds * 1e6) / events : Number.NaN,
      peakRssMb: peakRssKb / 1024,
      eventLoop,
      eventLoopWholeWindow: report.span,
      allStartedMs,
    };
    const firstFailure = failures[0]?.failure;
    if (firstFailure !== undefined) result.firstFailure = firstFailure;
    return result;
  } finally {
    await pool.close();
  }
}
