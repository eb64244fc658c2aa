/**
 * `npm run bench`: simulators and Lifeline as child processes, every scenario measured in the same
 * run, round-robin, and reported as ratios against the direct-to-simulator baseline (see README.md here).
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { benchOptionsFromEnvironment, type BenchOptions } from './bench-options.js';
import { startBenchProcesses, type BenchProcesses } from './bench-processes.js';
import { benchRequestFor, originOf, type BenchRequest } from './bench-request.js';
import { runBatch } from './load-generator.js';
import { clockTicksPerSecond, readCpuSeconds, readMemory } from './process-stats.js';
import { compareWithBareProxy } from './bare-proxy-comparison.js';
import { renderBareProxyComparisons, renderChecks, renderOpenStreams, renderComparisonTable, renderMeasurementTable, renderMemory } from './report.js';
import { aggregateRounds, compareWithBaselines, type RoundMeasurement } from './scenario-result.js';
import { allScenarios, selectScenarios, type Scenario } from './scenarios.js';
import { evaluateScaledCpuTargets, evaluateTargets, NGINX_REFERENCE_CPU_MICROS } from './targets.js';
import { OPEN_STREAM_EVENT_INTERVAL_MS } from './bench-processes.js';
import { measureOpenStreams } from './open-streams.js';
import { evaluateRatioTargets, type OpenStreamsPair } from './ratio-targets.js';
import { BARE_PROXY_PACED_MODEL, BENCH_ROUTES } from './scenarios.js';
import { findNginx } from './nginx-proxy.js';
import { killAllChildren, killAllChildrenNow } from './spawn-process.js';
import { startSimulator } from './bench-processes.js';
import { renderWorkersRuns, workersRunJson, type WorkersRun } from './worker-shares.js';
import { measureWorkersScenario } from './workers-scenario.js';

const RESULTS_FILE = 'bench-results.json';

/** The many-open-streams scenario runs unless switched off, or unless a filter names other scenarios. */
function runsOpenStreams(options: BenchOptions): boolean {
  return options.openStreams > 0 && (options.scenarioFilter === undefined || 'open-streams'.includes(options.scenarioFilter));
}

/** The workers scenario (1 vs 2 workers) runs unless a filter names other scenarios. */
function runsWorkers(options: BenchOptions): boolean {
  return options.scenarioFilter === undefined || 'workers'.includes(options.scenarioFilter);
}

/** `--workers 1` vs `--workers 2` (workers-scenario.ts) on its own Anthropic simulator, printed as a table. */
async function runWorkersScenario(options: BenchOptions): Promise<WorkersRun[]> {
  const simulator = await startSimulator('anthropic', options.chunkDelayMs);
  try {
    log(`workers: --workers 1, then --workers 2, ${options.requestsPerRound * options.rounds} small same-format requests each, concurrency ${options.concurrency}`);
    const runs = await measureWorkersScenario(simulator, {
      requests: options.requestsPerRound * options.rounds,
      warmupRequests: options.warmupRequests,
      concurrency: options.concurrency,
      maxBatchMs: options.maxBatchMs * options.rounds,
      logLevel: options.logLevel,
    });
    process.stdout.write(
      `\nWorkers (issue 13; 2 cores shared by Lifeline, the simulator and this load generator: a check that workers spread load, not a scaling figure).\n` +
        `Lifeline CPU is summed over the primary and its workers; "answers per worker" counts x-lifeline-worker ("single": --workers 1 sends none).\n` +
        `${renderWorkersRuns(runs)}\n`,
    );
    return runs;
  } finally {
    await simulator.stop();
  }
}

/** Writes bench-results.json in the working directory. */
function writeResults(json: Record<string, unknown>): void {
  writeFileSync(join(process.cwd(), RESULTS_FILE), `${JSON.stringify(json, null, 2)}\n`);
  log(`results written to ${RESULTS_FILE}`);
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Every scenario with its request and the pool that sends it. */
interface PreparedScenario {
  scenario: Scenario;
  request: BenchRequest;
  pool: Pool;
  upstreamPid: number;
}

function prepare(processes: BenchProcesses, options: BenchOptions): { prepared: PreparedScenario[]; pools: Pool[] } {
  const origins = {
    anthropicSimulator: originOf(processes.anthropicSimulator.url),
    openaiSimulator: originOf(processes.openaiSimulator.url),
    lifeline: originOf(processes.lifeline.url),
    bareProxy: originOf(processes.bareProxy.url),
    ...(processes.nginx ? { nginx: originOf(processes.nginx.url) } : {}),
  };
  const pools = new Map<string, Pool>();
  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (pool === undefined) {
      // Per-request timeouts so a wedged child fails requests instead of hanging the bench.
      pool = new Pool(origin, { connections: options.concurrency, pipelining: 1, headersTimeout: 10_000, bodyTimeout: 10_000 });
      pools.set(origin, pool);
    }
    return pool;
  };
  const prepared = selectScenarios(allScenarios({ nginx: processes.nginx !== undefined }), options.scenarioFilter).map((scenario) => {
    const request = benchRequestFor(scenario, origins);
    const upstream = scenario.upstream === 'anthropic' ? processes.anthropicSimulator : processes.openaiSimulator;
    return { scenario, request, pool: poolFor(request.origin), upstreamPid: upstream.pid };
  });
  return { prepared, pools: [...pools.values()] };
}

/** How many requests one round of a scenario sends: long sessions fewer, then streams, then small requests. */
function requestsPerRound(scenario: Scenario, options: BenchOptions): number {
  if (scenario.body !== 'small') return options.sessionRequestsPerRound;
  return scenario.stream ? options.streamRequestsPerRound : options.requestsPerRound;
}

/** The many-open-streams scenario through the bare proxy, then Lifeline (same request but the model name). */
async function measureOpenStreamsPair(processes: BenchProcesses, options: BenchOptions): Promise<OpenStreamsPair> {
  const ticksPerSecond = clockTicksPerSecond();
  const request = (via: 'bare-proxy' | 'lifeline', url: string) => {
    const scenario = allScenarios().find((candidate) => candidate.id === 'direct-anthropic-stream')!;
    const model = via === 'lifeline' ? BENCH_ROUTES.anthropicPaced : BARE_PROXY_PACED_MODEL;
    return benchRequestFor({ ...scenario, via, model }, { anthropicSimulator: url, openaiSimulator: url, lifeline: originOf(url), bareProxy: originOf(url) });
  };
  log(`open streams: ${options.openStreams} streams at once, ${options.openStreamEvents} events each ${OPEN_STREAM_EVENT_INTERVAL_MS} ms apart, through the bare proxy`);
  const bareProxy = await measureOpenStreams(
    { label: 'bare proxy', pid: processes.bareProxy.pid, loopFile: processes.loopFiles.bareProxy, request: request('bare-proxy', processes.bareProxy.url) },
    options.openStreams,
    ticksPerSecond,
  );
  log(`open streams: … and through Lifeline`);
  const lifeline = await measureOpenStreams(
    { label: 'Lifeline', pid: processes.lifeline.pid, loopFile: processes.loopFiles.lifeline, request: request('lifeline', processes.lifeline.url) },
    options.openStreams,
    ticksPerSecond,
  );
  return { lifeline, bareProxy };
}

async function measureRounds(
  prepared: readonly PreparedScenario[],
  proxyPids: { lifeline: number; bareProxy: number; nginx?: number },
  options: BenchOptions,
): Promise<Map<string, RoundMeasurement[]>> {
  const ticksPerSecond = clockTicksPerSecond();
  const measurements = new Map<string, RoundMeasurement[]>(prepared.map((entry) => [entry.scenario.id, []]));
  for (let round = 0; round < options.rounds; round += 1) {
    // Rotate the starting scenario each round so no scenario always follows the same neighbour.
    const offset = (round * 5) % prepared.length;
    const order = [...prepared.slice(offset), ...prepared.slice(0, offset)];
    for (const entry of order) {
      const requests = requestsPerRound(entry.scenario, options);
      // Both proxies are read around every batch; aggregateRounds keeps only the one the scenario went through.
      const lifelineBefore = readCpuSeconds(proxyPids.lifeline, ticksPerSecond);
      const bareProxyBefore = readCpuSeconds(proxyPids.bareProxy, ticksPerSecond);
      const nginxBefore = proxyPids.nginx === undefined ? 0 : readCpuSeconds(proxyPids.nginx, ticksPerSecond);
      const upstreamBefore = readCpuSeconds(entry.upstreamPid, ticksPerSecond);
      const clientBefore = process.cpuUsage();
      const batch = await runBatch(entry.pool, entry.request, { requests, concurrency: options.concurrency, maxDurationMs: options.maxBatchMs });
      const client = process.cpuUsage(clientBefore);
      const lifelineCpuSeconds = readCpuSeconds(proxyPids.lifeline, ticksPerSecond) - lifelineBefore;
      const bareProxyCpuSeconds = readCpuSeconds(proxyPids.bareProxy, ticksPerSecond) - bareProxyBefore;
      const nginxCpuSeconds = proxyPids.nginx === undefined ? 0 : readCpuSeconds(proxyPids.nginx, ticksPerSecond) - nginxBefore;
      const upstreamCpuSeconds = readCpuSeconds(entry.upstreamPid, ticksPerSecond) - upstreamBefore;
      const clientCpuSeconds = (client.user + client.system) / 1e6;
      measurements.get(entry.scenario.id)?.push({ batch, lifelineCpuSeconds, bareProxyCpuSeconds, nginxCpuSeconds, upstreamCpuSeconds, clientCpuSeconds });
      const failures = batch.failed > 0 ? `, ${batch.failed} failed (${batch.firstFailure ?? '?'})` : '';
      log(`  round ${round + 1}/${options.rounds} ${entry.scenario.label}: ${((batch.completed * 1000) / batch.elapsedMs).toFixed(0)} req/s${failures}`);
    }
  }
  return measurements;
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const options = benchOptionsFromEnvironment(process.env);
  if (options.scenarioFilter !== undefined && runsWorkers(options) && selectScenarios(allScenarios({ nginx: true }), options.scenarioFilter).length === 0 && !runsOpenStreams(options)) {
    const runs = await runWorkersScenario(options);
    writeResults({ generatedAt: new Date().toISOString(), machine: machineJson(), options, workers: runs.map(workersRunJson) });
    return;
  }
  const nginxBinary = findNginx(process.env);
  if (nginxBinary === undefined) {
    log(
      process.env.LIFELINE_BENCH_NGINX === 'off'
        ? 'LIFELINE_BENCH_NGINX=off: no nginx reference rows'
        : 'no nginx found (apt-get install nginx-light, or LIFELINE_BENCH_NGINX=<path>): no nginx reference rows',
    );
  }
  log(`lifeline bench: ${options.rounds} rounds × (${options.requestsPerRound} requests, ${options.streamRequestsPerRound} streams) per scenario, concurrency ${options.concurrency}`);
  const processes = await startBenchProcesses({
    ...(options.cpuProfileDirectory ? { cpuProfileDirectory: options.cpuProfileDirectory } : {}),
    lifelineNodeArgs: options.lifelineNodeArgs,
    logLevel: options.logLevel,
    chunkDelayMs: options.chunkDelayMs,
    ...(nginxBinary ? { nginxBinary } : {}),
    openStreams: { streams: runsOpenStreams(options) ? options.openStreams : 0, events: options.openStreamEvents },
  });
  log(
    `pids: lifeline ${processes.lifeline.pid} (${processes.lifeline.url}), bare proxy ${processes.bareProxy.pid}${processes.nginx ? `, nginx ${processes.nginx.pid}` : ''}, anthropic simulator ${processes.anthropicSimulator.pid}, openai simulator ${processes.openaiSimulator.pid}`,
  );
  const { prepared, pools } = prepare(processes, options);
  // Written once the other scenarios are measured, and again with the workers runs, which come after the other processes stop.
  let json: Record<string, unknown> | undefined;
  try {
    log(`warm-up: ${options.warmupRequests} requests per scenario`);
    for (const entry of prepared) {
      await runBatch(entry.pool, entry.request, { requests: options.warmupRequests, concurrency: options.concurrency, maxDurationMs: options.maxBatchMs });
    }
    const measurements = await measureRounds(prepared, { lifeline: processes.lifeline.pid, bareProxy: processes.bareProxy.pid, ...(processes.nginx ? { nginx: processes.nginx.pid } : {}) }, options);
    const openStreams = runsOpenStreams(options) ? await measureOpenStreamsPair(processes, options) : undefined;
    const peakRssKb = readMemory(processes.lifeline.pid).peakResidentKb;
    const results = compareWithBaselines(prepared.map((entry) => aggregateRounds(entry.scenario, measurements.get(entry.scenario.id) ?? [])));
    const memory = { startRssMb: processes.lifelineStartRssKb / 1024, idleRssMb: processes.lifelineIdleRssKb / 1024, peakRssMb: peakRssKb / 1024 };
    const { checks, notes } = evaluateRatioTargets(results, memory.idleRssMb, openStreams);
    const absoluteChecks = evaluateTargets(results, memory.idleRssMb);
    const scaledChecks = evaluateScaledCpuTargets(results);
    const bareProxyComparisons = compareWithBareProxy(results);
    const durationSeconds = (performance.now() - startedAt) / 1000;

    const output = [
      '',
      `Lifeline bench — ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}, concurrency ${options.concurrency}, ${options.rounds} interleaved rounds, Lifeline logging.level ${options.logLevel}`,
      'CPU µs/req = process utime+stime delta / requests (all threads). "sim CPU" on a direct row is the floor any gateway adds to;',
      '"proxy CPU" is Lifeline\'s on Lifeline rows and the bare proxy\'s on "bare proxy" rows (node:http + undici + JSON.parse/stringify,',
      'no logging: the floor any Node gateway pays). "client CPU" is this load generator. All three share the 2 cores,',
      'so req/s ≈ cores / (client + proxy + sim CPU per request).',
      '',
      renderMeasurementTable(results),
      '',
      'Against the baseline measured in the same run (direct = the simulator that served the request; the refused-primary row',
      'compares with the healthy-primary row). "proxy CPU ÷ sim CPU" divides by the direct simulator\'s CPU per request;',
      '"Lifeline CPU ÷ bare proxy CPU" (passthrough rows) divides by the bare proxy\'s, same format and mode: N× a bare Node proxy.',
      '',
      renderComparisonTable(results),
      '',
      renderMemory(memory),
      ...(openStreams ? ['', renderOpenStreams([openStreams.bareProxy, openStreams.lifeline])] : []),
      '',
      'Targets (issue 13: ratios to the bare proxy measured in this run):',
      renderChecks(checks),
      ...notes,
      '',
      "The core issue's absolute targets (informational, not counted; written for nginx-class proxies):",
      renderChecks(absoluteChecks),
      ...(bareProxyComparisons.length > 0 ? [renderBareProxyComparisons(bareProxyComparisons)] : []),
      ...(scaledChecks.length > 0
        ? [
            '',
            `CPU targets scaled to this machine (informational, not counted): the issue's limits sit beside "nginx costs ${NGINX_REFERENCE_CPU_MICROS.json} µs`,
            `per request and ${NGINX_REFERENCE_CPU_MICROS.stream} µs per 20-chunk stream on this machine"; each limit × (nginx measured here ÷ that figure):`,
            renderChecks(scaledChecks),
          ]
        : []),
      '',
      `${checks.filter((check) => check.passed).length}/${checks.length} targets met (streams ${options.chunkDelayMs > 0 ? `paced, one write per event ${options.chunkDelayMs} ms apart` : 'in one write each'}); bench took ${durationSeconds.toFixed(0)} s (wall clock, build excluded)`,
    ];
    process.stdout.write(`${output.join('\n')}\n`);
    json = {
      generatedAt: new Date().toISOString(),
      machine: machineJson(),
      options,
      durationSeconds,
      memory,
      scenarios: results,
      checks,
      notes,
      absoluteChecks,
      openStreams: openStreams ?? null,
      scaledChecks,
      bareProxyComparisons,
      workers: null,
    };
    writeResults(json);
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
    await processes.stop();
    if (options.cpuProfileDirectory) log(`Lifeline CPU profile written to ${options.cpuProfileDirectory} (summarise: node dist/bench/summarise-profile.js <file>)`);
  }
  // After the other processes have stopped, so their idle cost is not in the two cores it measures.
  if (runsWorkers(options)) {
    const runs = await runWorkersScenario(options);
    if (json !== undefined) writeResults({ ...json, workers: runs.map(workersRunJson) });
  }
}

function machineJson(): { cpus: number; cpuModel: string; node: string } {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version };
}

// Children are killed by PID however the bench ends: normal exit, an error, or Ctrl-C.
process.on('exit', killAllChildrenNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping child processes`);
    void killAllChildren(1000).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

main().catch(async (error: unknown) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await killAllChildren(1000);
  process.exit(1);
});
