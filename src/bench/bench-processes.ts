import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closedLoopbackPort } from './free-port.js';
import { lifelineBenchConfig } from './lifeline-bench-config.js';
import { startNginx } from './nginx-proxy.js';
import { readMemory } from './process-stats.js';
import { spawnNodeProcess, type ChildHandle } from './spawn-process.js';

/** The processes under test. */
export interface BenchProcesses {
  anthropicSimulator: ChildHandle;
  openaiSimulator: ChildHandle;
  /** The bare Node proxy (bare-proxy.ts) in front of both simulators: the floor for Lifeline's CPU. */
  bareProxy: ChildHandle;
  /** nginx in front of both simulators (nginx-proxy.ts), when the run has an nginx binary. */
  nginx?: ChildHandle;
  lifeline: ChildHandle;
  /** The Anthropic simulator pacing long streams for the many-open-streams scenario (open-streams.ts), when it runs. */
  pacedSimulator?: ChildHandle;
  /** Files the event-loop probes (event-loop-probe.ts) of Lifeline and the bare proxy write to. */
  loopFiles: { lifeline: string; bareProxy: string };
  /** Lifeline's VmRSS half a second after it started listening, in kB: start-up garbage included. */
  lifelineStartRssKb: number;
  /**
   * Lifeline's VmRSS once it has sat idle for {@link IDLE_SETTLE_MS} after start, in kB: V8 gives
   * the heap it grew while loading modules back after about 8 s without work, and this is what an
   * idle gateway holds from then on.
   */
  lifelineIdleRssKb: number;
  /** Stops every child and removes the temporary folder. */
  stop(): Promise<void>;
}

/** When the start-up RSS is read, so lazily loaded modules from start-up are counted. */
const START_SETTLE_MS = 500;
/** When the idle RSS is read: V8's memory reducer first runs 8 s after start. */
const IDLE_SETTLE_MS = 15_000;

/** Milliseconds between the paced simulator's events: 5 events per second, as a model trickles tokens. */
export const OPEN_STREAM_EVENT_INTERVAL_MS = 200;

/** `dist/` (this file runs as dist/bench/bench-processes.js). */
const DIST_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A simulator answering 20-chunk streams, one write per event `chunkDelayMs` apart (as a provider
 * streams tokens), or the whole stream in one write when it is 0.
 */
export function startSimulator(format: 'anthropic' | 'openai', chunkDelayMs: number, chunkCount = 20, name = `${format} simulator`): Promise<ChildHandle> {
  return spawnNodeProcess({
    name,
    nodeArgs: [
      join(DIST_ROOT, 'simulators', 'cli.js'),
      ...['--format', format, '--host', '127.0.0.1', '--port', '0', '--chunk-count', String(chunkCount), '--chunk-delay-ms', String(chunkDelayMs)],
    ],
    readyStream: 'stdout',
    readyPattern: /^(http:\/\/\S+)$/m,
  });
}

/** `node` flags that preload the event-loop probe (event-loop-probe.ts), which reports to `LIFELINE_BENCH_LOOP_FILE`. */
const PROBE_ARGS = ['--import', pathToFileURL(join(DIST_ROOT, 'bench', 'event-loop-probe.js')).href];

/** The bare proxy; profiled into `<dir>/bare-proxy/` when Lifeline is, so the two profiles can be compared. */
function startBareProxy(upstreams: { anthropicUrl: string; openaiUrl: string; pacedUrl?: string }, cpuProfileDirectory: string | undefined, loopFile: string): Promise<ChildHandle> {
  const profileArgs = cpuProfileDirectory ? ['--cpu-prof', `--cpu-prof-dir=${resolve(cpuProfileDirectory, 'bare-proxy')}`] : [];
  const paced = upstreams.pacedUrl ? ['--paced-anthropic-url', upstreams.pacedUrl] : [];
  return spawnNodeProcess({
    name: 'bare proxy',
    nodeArgs: [...PROBE_ARGS, ...profileArgs, join(DIST_ROOT, 'bench', 'bare-proxy.js'), '--port', '0', '--anthropic-url', upstreams.anthropicUrl, '--openai-url', upstreams.openaiUrl, ...paced],
    environment: { LIFELINE_BENCH_LOOP_FILE: loopFile },
    readyStream: 'stdout',
    readyPattern: /^(http:\/\/\S+)$/m,
  });
}

/**
 * Starts both simulators and the bare proxy in front of them, then Lifeline with `logging.level: info` and its stdout (the JSON log) sent to
 * /dev/null, so every request pays the real cost of logging without the bench reading it.
 */
export async function startBenchProcesses(options: {
  cpuProfileDirectory?: string;
  lifelineNodeArgs?: string[];
  logLevel?: string;
  chunkDelayMs: number;
  /** The nginx binary; no nginx rows without it. */
  nginxBinary?: string;
  /** The many-open-streams scenario: how many streams, and how many events each carries (200 ms apart); none when 0. */
  openStreams: { streams: number; events: number };
}): Promise<BenchProcesses> {
  const temporaryDirectory = mkdtempSync(join(tmpdir(), 'lifeline-bench-'));
  const started: ChildHandle[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((child) => child.stop()));
    rmSync(temporaryDirectory, { recursive: true, force: true });
  };
  try {
    const [anthropicSimulator, openaiSimulator] = await Promise.all([startSimulator('anthropic', options.chunkDelayMs), startSimulator('openai', options.chunkDelayMs)]);
    started.push(anthropicSimulator, openaiSimulator);
    const pacedSimulator =
      options.openStreams.streams > 0 ? await startSimulator('anthropic', OPEN_STREAM_EVENT_INTERVAL_MS, options.openStreams.events, 'paced anthropic simulator') : undefined;
    if (pacedSimulator) started.push(pacedSimulator);
    const loopFiles = { lifeline: join(temporaryDirectory, 'lifeline-loop.json'), bareProxy: join(temporaryDirectory, 'bare-proxy-loop.json') };
    const bareProxy = await startBareProxy(
      { anthropicUrl: anthropicSimulator.url, openaiUrl: openaiSimulator.url, ...(pacedSimulator ? { pacedUrl: pacedSimulator.url } : {}) },
      options.cpuProfileDirectory,
      loopFiles.bareProxy,
    );
    started.push(bareProxy);
    const nginx = options.nginxBinary
      ? await startNginx(
          options.nginxBinary,
          { anthropicOrigin: new URL(anthropicSimulator.url).origin, openaiOrigin: new URL(openaiSimulator.url).origin },
          join(temporaryDirectory, 'nginx'),
        )
      : undefined;
    if (nginx) started.push(nginx);
    const configPath = join(temporaryDirectory, 'lifeline.yaml');
    const config = lifelineBenchConfig({
      anthropicUrl: anthropicSimulator.url,
      openaiUrl: openaiSimulator.url,
      unreachablePort: await closedLoopbackPort(),
      storageDirectory: temporaryDirectory,
      logLevel: options.logLevel ?? 'info',
      ...(pacedSimulator ? { pacedAnthropicUrl: pacedSimulator.url } : {}),
      maxConnections: Math.max(512, options.openStreams.streams + 256),
    });
    writeFileSync(configPath, config);
    const profileArgs = options.cpuProfileDirectory ? ['--cpu-prof', `--cpu-prof-dir=${resolve(options.cpuProfileDirectory)}`] : [];
    profileArgs.push(...(options.lifelineNodeArgs ?? []));
    const lifeline = await spawnNodeProcess({
      name: 'lifeline',
      nodeArgs: [...PROBE_ARGS, ...profileArgs, join(DIST_ROOT, 'cli', 'main.js'), 'start', '--config', configPath],
      environment: { LIFELINE_BENCH_LOOP_FILE: loopFiles.lifeline },
      readyStream: 'stderr',
      readyPattern: /Lifeline listening on (http:\/\/\S+)/,
      discardStdout: true,
      cwd: temporaryDirectory,
    });
    started.push(lifeline);
    await new Promise((resolveSettle) => setTimeout(resolveSettle, START_SETTLE_MS));
    const lifelineStartRssKb = readMemory(lifeline.pid).residentKb;
    await new Promise((resolveSettle) => setTimeout(resolveSettle, IDLE_SETTLE_MS - START_SETTLE_MS));
    const lifelineIdleRssKb = readMemory(lifeline.pid).residentKb;
    return {
      anthropicSimulator,
      openaiSimulator,
      bareProxy,
      ...(nginx ? { nginx } : {}),
      lifeline,
      ...(pacedSimulator ? { pacedSimulator } : {}),
      loopFiles,
      lifelineStartRssKb,
      lifelineIdleRssKb,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
