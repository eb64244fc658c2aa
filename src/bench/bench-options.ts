/** Knobs of one bench run. */
export interface BenchOptions {
  /** Measured rounds; every scenario runs once per round, interleaved. */
  rounds: number;
  /** Requests per scenario per round (non-streaming). */
  requestsPerRound: number;
  /** Requests per scenario per round for 20-chunk streams (each costs several times a small request). */
  streamRequestsPerRound: number;
  /** Requests per scenario per round for the long-session turns (each carries 300 KB or 1 MB). */
  sessionRequestsPerRound: number;
  /** Streams held open at once in the many-open-streams scenario; 0 skips it. */
  openStreams: number;
  /** Events per held stream, 200 ms apart (100 = 20 s). */
  openStreamEvents: number;
  /** Requests per scenario in the unmeasured warm-up round. */
  warmupRequests: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Longest a single batch may run; keeps the whole bench bounded even on a slow machine. */
  maxBatchMs: number;
  /** When set, Lifeline runs with `--cpu-prof` and writes its profile here on exit. */
  cpuProfileDirectory?: string;
  /** Extra `node` flags for the Lifeline child (e.g. `--perf-basic-prof` for `perf record`). */
  lifelineNodeArgs: string[];
  /** Lifeline's `logging.level`; `info` is the realistic cost the targets assume. */
  logLevel: string;
  /**
   * Milliseconds between the events of a simulated stream, each its own write, as a provider sends
   * tokens; 0 sends the whole stream in one write (the best case for any proxy: one read, one write).
   */
  chunkDelayMs: number;
  /** When set, only scenarios whose id contains this text run (plus the baselines they compare with). */
  scenarioFilter?: string;
}

/** Defaults sized for a ~5-minute run on a 2-core machine (paced streams take most of it). */
export const DEFAULT_BENCH_OPTIONS: BenchOptions = {
  rounds: 5,
  requestsPerRound: 3000,
  streamRequestsPerRound: 1500,
  sessionRequestsPerRound: 300,
  openStreams: 1000,
  openStreamEvents: 100,
  warmupRequests: 300,
  concurrency: 16,
  maxBatchMs: 4000,
  lifelineNodeArgs: [],
  logLevel: 'info',
  chunkDelayMs: 1,
};

/** An integer of at least `minimum` from `environment[name]`, or `fallback` when it is unset. */
function integerAtLeast(minimum: number, environment: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = environment[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${name} must be ${minimum === 0 ? 'a non-negative' : 'a positive'} integer, got "${text}"`);
  }
  return value;
}

const positiveInteger = integerAtLeast.bind(undefined, 1);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads overrides from `LIFELINE_BENCH_ROUNDS`, `_REQUESTS`, `_STREAM_REQUESTS`, `_SESSION_REQUESTS`,
 * `_OPEN_STREAMS` (0 = skip), `_OPEN_STREAM_EVENTS`, `_WARMUP`,
 * `_CONCURRENCY`, `_MAX_BATCH_MS`, `_CPU_PROF` (a folder), `_NODE_ARGS` (space-separated),
 * `_LOG_LEVEL`, `_CHUNK_DELAY_MS` and `_ONLY` (scenario id substring), falling back to {@link DEFAULT_BENCH_OPTIONS}.
 */
export function benchOptionsFromEnvironment(environment: NodeJS.ProcessEnv): BenchOptions {
  const options: BenchOptions = {
    rounds: positiveInteger(environment, 'LIFELINE_BENCH_ROUNDS', DEFAULT_BENCH_OPTIONS.rounds),
    requestsPerRound: positiveInteger(environment, 'LIFELINE_BENCH_REQUESTS', DEFAULT_BENCH_OPTIONS.requestsPerRound),
    streamRequestsPerRound: positiveInteger(environment, 'LIFELINE_BENCH_STREAM_REQUESTS', DEFAULT_BENCH_OPTIONS.streamRequestsPerRound),
    sessionRequestsPerRound: positiveInteger(environment, 'LIFELINE_BENCH_SESSION_REQUESTS', DEFAULT_BENCH_OPTIONS.sessionRequestsPerRound),
    openStreams: integerAtLeast(0, environment, 'LIFELINE_BENCH_OPEN_STREAMS', DEFAULT_BENCH_OPTIONS.openStreams),
    openStreamEvents: positiveInteger(environment, 'LIFELINE_BENCH_OPEN_STREAM_EVENTS', DEFAULT_BENCH_OPTIONS.openStreamEvents),
    warmupRequests: positiveInteger(environment, 'LIFELINE_BENCH_WARMUP', DEFAULT_BENCH_OPTIONS.warmupRequests),
    concurrency: positiveInteger(environment, 'LIFELINE_BENCH_CONCURRENCY', DEFAULT_BENCH_OPTIONS.concurrency),
    maxBatchMs: positiveInteger(environment, 'LIFELINE_BENCH_MAX_BATCH_MS', DEFAULT_BENCH_OPTIONS.maxBatchMs),
    lifelineNodeArgs: (environment.LIFELINE_BENCH_NODE_ARGS ?? '').split(/\s+/).filter((argument) => argument !== ''),
    logLevel: environment.LIFELINE_BENCH_LOG_LEVEL || DEFAULT_BENCH_OPTIONS.logLevel,
    chunkDelayMs: integerAtLeast(0, environment, 'LIFELINE_BENCH_CHUNK_DELAY_MS', DEFAULT_BENCH_OPTIONS.chunkDelayMs),
  };
  if (!LOG_LEVELS.includes(options.logLevel)) throw new Error(`LIFELINE_BENCH_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const profileDirectory = environment.LIFELINE_BENCH_CPU_PROF;
  if (profileDirectory) options.cpuProfileDirectory = profileDirectory;
  const filter = environment.LIFELINE_BENCH_ONLY;
  if (filter) options.scenarioFilter = filter;
  return options;
}
