/**
 * The workers scenario (issue 13): Lifeline started with `--workers 1`, then `--workers 2` (same config,
 * same simulator), sent the small same-format request. On this 2-core machine it checks that workers
 * spread load (answers per `x-lifeline-worker`), not how far they scale.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { benchRequestFor, originOf } from './bench-request.js';
import { closedLoopbackPort } from './free-port.js';
import { summariseLatencies } from './latency-summary.js';
import { lifelineBenchConfig } from './lifeline-bench-config.js';
import { runBatch } from './load-generator.js';
import { clockTicksPerSecond, readChildPids, readCpuSeconds } from './process-stats.js';
import { allScenarios } from './scenarios.js';
import { spawnNodeProcess, type ChildHandle } from './spawn-process.js';
import { countWorker, type WorkersRun } from './worker-shares.js';

const DIST_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Lifeline's CPU seconds so far: the process and its children (the primary's workers). */
function lifelineCpuSeconds(pid: number, ticksPerSecond: number): number {
  return [pid, ...readChildPids(pid)].reduce((total, each) => total + readCpuSeconds(each, ticksPerSecond), 0);
}

/** One `--workers N` run against `simulator`: warm-up, then `requests` requests at `concurrency`. */
async function measureWorkers(
  workers: number,
  simulator: ChildHandle,
  options: { requests: number; warmupRequests: number; concurrency: number; maxBatchMs: number; logLevel: string },
): Promise<WorkersRun> {
  const directory = mkdtempSync(join(tmpdir(), 'lifeline-bench-workers-'));
  let lifeline: ChildHandle | undefined;
  let pool: Pool | undefined;
  try {
    const configPath = join(directory, 'lifeline.yaml');
    writeFileSync(
      configPath,
      lifelineBenchConfig({ anthropicUrl: simulator.url, openaiUrl: simulator.url, unreachablePort: await closedLoopbackPort(), storageDirectory: directory, logLevel: options.logLevel }),
    );
    lifeline = await spawnNodeProcess({
      name: `lifeline --workers ${workers}`,
      nodeArgs: [join(DIST_ROOT, 'cli', 'main.js'), 'start', '--config', configPath, '--workers', String(workers)],
      readyStream: 'stderr',
      readyPattern: /Lifeline listening on (http:\/\/\S+)/,
      discardStdout: true,
      cwd: directory,
    });
    const scenario = allScenarios().find((candidate) => candidate.id === 'passthrough-anthropic-to-anthropic-json')!;
    const request = benchRequestFor(scenario, { anthropicSimulator: simulator.url, openaiSimulator: simulator.url, lifeline: originOf(lifeline.url), bareProxy: originOf(lifeline.url) });
    pool = new Pool(request.origin, { connections: options.concurrency, pipelining: 1, headersTimeout: 10_000, bodyTimeout: 10_000 });
    const limits = { concurrency: options.concurrency, maxDurationMs: options.maxBatchMs };
    await runBatch(pool, request, { ...limits, requests: options.warmupRequests });
    const ticksPerSecond = clockTicksPerSecond();
    const shares = new Map<string, number>();
    const lifelineBefore = lifelineCpuSeconds(lifeline.pid, ticksPerSecond);
    const simulatorBefore = readCpuSeconds(simulator.pid, ticksPerSecond);
    const clientBefore = process.cpuUsage();
    const batch = await runBatch(pool, request, { ...limits, requests: options.requests, onHeaders: (headers) => countWorker(shares, headers['x-lifeline-worker']) });
    const client = process.cpuUsage(clientBefore);
    return {
      workers,
      completed: batch.completed,
      failed: batch.failed,
      elapsedMs: batch.elapsedMs,
      latency: summariseLatencies([batch.latenciesMs]),
      lifelineCpuSeconds: lifelineCpuSeconds(lifeline.pid, ticksPerSecond) - lifelineBefore,
      simulatorCpuSeconds: readCpuSeconds(simulator.pid, ticksPerSecond) - simulatorBefore,
      clientCpuSeconds: (client.user + client.system) / 1e6,
      shares,
    };
  } finally {
    await pool?.close();
    await lifeline?.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** `--workers 1`, then `--workers 2`, against the same simulator. */
export async function measureWorkersScenario(
  simulator: ChildHandle,
  options: { requests: number; warmupRequests: number; concurrency: number; maxBatchMs: number; logLevel: string },
): Promise<WorkersRun[]> {
  return [await measureWorkers(1, simulator, options), await measureWorkers(2, simulator, options)];
}
