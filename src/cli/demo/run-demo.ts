import { startLifeline, type LifelineInstance } from '../../app.js';
import { providerComponentId } from '../../health/index.js';
import { createLogger } from '../../observability/create-logger.js';
import { startSimulator } from '../../simulators/index.js';
import { buildDemoConfig, DEMO_MODEL } from './demo-config.js';
import { demoPhases, type DemoSimulators } from './demo-outage-script.js';
import { FAST_DEMO, NORMAL_DEMO } from './demo-settings.js';
import { createTimeline, formatElapsed, type Timeline } from './demo-timeline.js';
import { startDemoTraffic, type DemoTraffic, type TrafficTally } from './demo-traffic.js';
import { createVerdictChangeTracker, describeIncidentEvent, describeTally, SIMULATED_NOTICE } from './demo-wording.js';

/** Options of `lifeline demo`. */
export interface RunDemoOptions {
  host?: string;
  /** Lifeline's port (0 = any free one). */
  port: number;
  /** The compressed timeline. */
  fast: boolean;
  write: (text: string) => void;
}

/** How the scripted outage went, as the clients and the status page saw it. */
export interface DemoOutcome {
  traffic: TrafficTally;
  /** Elapsed ms (from the demo's start) of each milestone, when it happened. */
  outageStartedMs?: number;
  verdictChangedMs?: number;
  incidentOpenedMs?: number;
  incidentResolvedMs?: number;
  /** Stopped (Ctrl-C) before the script ended. */
  interrupted: boolean;
  /** 0 when clients saw no error and an incident opened and resolved; 1 otherwise. */
  exitCode: number;
}

/** A running demo: the status page stays up until `stop()`. */
export interface RunningDemo {
  /** Lifeline's base URL (the status page is at `/status`). */
  url: string;
  /** Settles when the scripted outage has played (or the demo was stopped). */
  finished: Promise<DemoOutcome>;
  /** Stops traffic, Lifeline and the simulators it started; safe to call twice. */
  stop(): Promise<void>;
}

const ANTHROPIC_REPLY = 'Hello from the SIMULATED anthropic provider (Lifeline demo).';
const OPENAI_REPLY = 'Hello from the SIMULATED openai provider (Lifeline demo), answering after a failover.';

/**
 * `lifeline demo`: two simulated providers, Lifeline in front of them, a trickle of client traffic
 * and a scripted outage — healthy, overload, hard outage, recovery — narrated on the terminal
 * from Lifeline's own health and incident events.
 */
export async function startDemo(options: RunDemoOptions): Promise<RunningDemo> {
  const settings = options.fast ? FAST_DEMO : NORMAL_DEMO;
  const timeline = createTimeline(options.write);
  timeline.raw(SIMULATED_NOTICE);

  const started: Array<{ close(): Promise<void> }> = [];
  let simulators: DemoSimulators;
  let lifeline: LifelineInstance;
  try {
    const anthropic = await startSimulator({ format: 'anthropic', name: 'simulated-anthropic', script: [{ reply: { text: ANTHROPIC_REPLY } }], chunkCount: 6, chunkDelayMs: 10 });
    started.push(anthropic);
    const openai = await startSimulator({ format: 'openai', name: 'simulated-openai', script: [{ reply: { text: OPENAI_REPLY } }], chunkCount: 6, chunkDelayMs: 10 });
    started.push(openai);
    simulators = { anthropic, openai };
    const config = buildDemoConfig(settings, { anthropic: anthropic.url, openai: openai.url }, { host: options.host ?? '127.0.0.1', port: options.port });
    lifeline = await startLifeline(config, { logger: createLogger('silent') });
  } catch (error) {
    await Promise.allSettled(started.map((handle) => handle.close()));
    throw error;
  }

  timeline.raw(
    [
      `simulated anthropic: ${simulators.anthropic.url}    simulated openai: ${simulators.openai.url}`,
      `Lifeline:            ${lifeline.url}   route: ${DEMO_MODEL} (claude-*) -> anthropic, then openai/gpt-5`,
      '',
      `  >>> Open the status page: ${lifeline.url}/status <<<`,
      '',
      `Clients send ${Math.round(1000 / settings.requestIntervalMs)} requests/s (Anthropic and OpenAI formats, streaming and not) through Lifeline.`,
      '',
    ].join('\n'),
  );

  const outcome: Omit<DemoOutcome, 'exitCode' | 'traffic'> = { interrupted: false };
  const openIncidents = new Set<string>();
  let everOpened = false;
  let onAllResolved: (() => void) | undefined;
  const verdictChanges = createVerdictChangeTracker();
  const subscriptions = [
    lifeline.health.onChange((snapshot) => {
      for (const line of verdictChanges(snapshot)) timeline.line(line);
      const anthropicVerdict = snapshot.components.find((verdict) => verdict.id === providerComponentId('anthropic'));
      if (outcome.outageStartedMs !== undefined && outcome.verdictChangedMs === undefined && anthropicVerdict && anthropicVerdict.status !== 'operational') {
        outcome.verdictChangedMs = timeline.elapsedMs();
      }
    }),
    lifeline.incidents.onIncident((event) => {
      timeline.line(describeIncidentEvent(event));
      if (event.kind === 'opened') {
        openIncidents.add(event.incident.id);
        everOpened = true;
        outcome.incidentOpenedMs ??= timeline.elapsedMs();
      } else if (event.kind === 'resolved') {
        openIncidents.delete(event.incident.id);
        if (everOpened && openIncidents.size === 0) {
          outcome.incidentResolvedMs = timeline.elapsedMs();
          onAllResolved?.();
        }
      }
    }),
  ];
  for (const line of verdictChanges(lifeline.health.snapshot())) timeline.line(line);

  const traffic = startDemoTraffic({ baseUrl: lifeline.url, intervalMs: settings.requestIntervalMs });
  narrateFailovers(traffic, timeline);
  const progress = setInterval(() => timeline.line(`clients: ${describeTally(traffic.takeInterval())}`), settings.progressIntervalMs);

  const stopController = new AbortController();
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      stopController.abort();
      clearInterval(progress);
      for (const subscription of subscriptions) subscription.dispose();
      await traffic.stop();
      await lifeline.close();
      await Promise.allSettled(started.map((handle) => handle.close()));
    })());

  const finished = (async (): Promise<DemoOutcome> => {
    for (const phase of demoPhases(settings)) {
      if (stopController.signal.aborted) break;
      await phase.enter(simulators);
      timeline.raw('');
      timeline.line(phase.headline);
      if (phase.name === 'overload') outcome.outageStartedMs = timeline.elapsedMs();
      if (phase.name === 'recovery') {
        const resolved = new Promise<void>((resolve) => (onAllResolved = resolve));
        await Promise.race([resolved, sleep(phase.durationMs, stopController.signal)]);
      } else {
        await sleep(phase.durationMs, stopController.signal);
      }
    }
    clearInterval(progress);
    outcome.interrupted = stopController.signal.aborted;
    const total = traffic.total();
    const passed = total.errors === 0 && outcome.incidentOpenedMs !== undefined && outcome.incidentResolvedMs !== undefined;
    const result: DemoOutcome = { ...outcome, traffic: total, exitCode: passed ? 0 : 1 };
    if (!outcome.interrupted) timeline.raw(`\n${describeOutcome(result)}`);
    return result;
  })();

  return { url: lifeline.url, finished, stop };
}

/** Tells when clients start being answered by another target, and when the first choice is back. */
function narrateFailovers(traffic: DemoTraffic, timeline: Timeline): void {
  let failingOver = false;
  traffic.onResult((result) => {
    if (!result.ok) {
      timeline.line(`client ERROR on ${result.kind}: ${result.error ?? 'failed'}`);
      return;
    }
    if (result.failovers && !failingOver) {
      failingOver = true;
      timeline.line(`FAILOVER: ${result.kind} request answered by ${result.target ?? '?'} after ${result.failovers}; the client still got HTTP ${result.status}`);
    } else if (!result.failovers && failingOver && result.target?.startsWith('anthropic/')) {
      failingOver = false;
      timeline.line(`clients are answered by ${result.target} again, with no failover`);
    }
  });
}

function describeOutcome(outcome: DemoOutcome): string {
  const after = (ms: number | undefined) =>
    ms === undefined ? 'never' : `at ${formatElapsed(ms)}${outcome.outageStartedMs !== undefined ? ` (${((ms - outcome.outageStartedMs) / 1000).toFixed(1)} s after the outage began)` : ''}`;
  const passed = outcome.exitCode === 0;
  return [
    '================================ demo summary ================================',
    `clients: ${describeTally(outcome.traffic)}`,
    `outage began:            ${outcome.outageStartedMs === undefined ? 'never' : `at ${formatElapsed(outcome.outageStartedMs)}`}`,
    `anthropic verdict moved: ${after(outcome.verdictChangedMs)}`,
    `incident opened:         ${after(outcome.incidentOpenedMs)}`,
    `incident resolved:       ${after(outcome.incidentResolvedMs)}`,
    passed
      ? 'result: every client request succeeded through the outage (failover), and the incident opened and resolved by itself.'
      : `result: NOT as expected: ${[
          outcome.traffic.errors > 0 ? `${outcome.traffic.errors} client error(s)` : undefined,
          outcome.incidentOpenedMs === undefined ? 'no incident opened' : undefined,
          outcome.incidentOpenedMs !== undefined && outcome.incidentResolvedMs === undefined ? 'the incident did not resolve in time' : undefined,
        ]
          .filter(Boolean)
          .join(', ')}`,
  ].join('\n');
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
