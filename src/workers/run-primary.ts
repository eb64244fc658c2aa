import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { ConfigError } from '../errors/index.js';
import { workerChannel } from '../shared-state/state-channel.js';
import { createWorkerStateHub } from '../shared-state/worker-state-hub.js';
import { createStore, storeOptionsOf } from '../store/create-store.js';
import { isListeningMessage } from './worker-messages.js';
import { WORKER_ID_VARIABLE } from './worker-role.js';
import { StartupAnnouncement } from './startup-announcement.js';

/** First wait before a dead worker is replaced; doubled for each quick death in a row. */
const RESTART_BASE_MS = 200;
const RESTART_MAX_MS = 30_000;
/** A worker that lived this long died of something new: its replacement starts without waiting. */
const STABLE_AFTER_MS = 30_000;

/** Options of {@link runPrimary}. */
export interface PrimaryOptions {
  config: ResolvedConfig;
  count: number;
  logger: Logger;
  /** Operator-facing lines (the banner, shutdown), as a single `lifeline start` prints them. */
  write: (text: string) => void;
}

/**
 * The primary of `lifeline start --workers N`: it serves no request. It applies the store's
 * migrations once, forks N workers that share the listening port (node:cluster), holds their
 * routing state when there is no Redis (`worker-state-hub.ts`), replaces a worker that dies
 * (with backoff, logged), and on SIGTERM/SIGINT lets every worker drain within
 * `server.shutdown_grace_ms` before it exits.
 */
export async function runPrimary(options: PrimaryOptions): Promise<void> {
  const { config, count, logger, write } = options;
  if (config.storage.url === undefined && config.storage.path === ':memory:') {
    throw new ConfigError('storage.path ":memory:" cannot serve several workers (each would have its own database); use a SQLite file or PostgreSQL, or run one worker');
  }
  // Migrations once, here, before any worker opens the store (each worker would wait its turn anyway).
  await (await createStore(storeOptionsOf(config.storage))).close();
  const hub = config.state?.redisUrl === undefined ? createWorkerStateHub() : undefined;
  const workers = new Map<number, Worker>();
  const quickDeaths = new Map<number, number>();
  const announcement = new StartupAnnouncement(count);
  let stopping = false;
  let failed = false;

  const fork = (id: number) => {
    const startedAt = Date.now();
    const worker = cluster.fork({ [WORKER_ID_VARIABLE]: String(id) });
    workers.set(id, worker);
    const attached = hub?.attach(workerChannel(worker));
    let listening = false;
    worker.on('message', (message: unknown) => {
      if (!isListeningMessage(message)) return;
      listening = true;
      logger.info({ worker: id, pid: worker.process.pid }, 'worker listening');
      if (!announcement.workerListening(id)) return;
      write(
        `\nLifeline listening on ${message.url} (${count} workers)\n` +
          `  Anthropic SDK / Claude Code: ANTHROPIC_BASE_URL=${message.url}\n` +
          `  OpenAI SDK:                  OPENAI_BASE_URL=${message.url}/v1\n`,
      );
    });
    worker.once('exit', (code, signal) => {
      attached?.dispose();
      workers.delete(id);
      if (stopping) {
        // A worker that could not drain cleanly makes the stop unclean; one that died before is replaced.
        if (code !== 0) failed = true;
        return finishIfLast();
      }
      if (!announcement.announced && !listening) {
        // A worker that cannot start (a port taken, a refused configuration) would fail again.
        logger.error({ worker: id, code, signal }, 'worker failed to start; stopping');
        return stopAll('startup failure', 1);
      }
      const lived = Date.now() - startedAt;
      const deaths = lived >= STABLE_AFTER_MS ? 0 : (quickDeaths.get(id) ?? 0) + 1;
      quickDeaths.set(id, deaths);
      const delayMs = deaths === 0 ? 0 : Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** (deaths - 1));
      logger.error({ worker: id, pid: worker.process.pid, code, signal, livedMs: lived, restartInMs: delayMs }, 'worker exited; starting a replacement');
      setTimeout(() => {
        if (!stopping) fork(id);
      }, delayMs);
    });
  };

  let exitCode = 0;
  const finishIfLast = () => {
    if (workers.size > 0) return;
    hub?.close();
    write(failed && exitCode === 0 ? 'stopped; a worker did not stop cleanly\n' : 'stopped; every worker finished\n');
    process.exit(exitCode !== 0 ? exitCode : failed ? 1 : 0);
  };
  const stopAll = (why: string, code: number) => {
    if (stopping) {
      // A second signal means "now", as for one process.
      for (const worker of workers.values()) worker.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    exitCode = code;
    write(`\n${why}: no new connections; ${workers.size} worker(s) let requests in flight finish (at most ${config.server.shutdownGraceMs ?? 30_000} ms), then stop\n`);
    for (const worker of workers.values()) worker.process.kill('SIGTERM');
    finishIfLast();
  };
  process.on('SIGINT', () => stopAll('SIGINT', 0));
  process.on('SIGTERM', () => stopAll('SIGTERM', 0));
  for (let id = 1; id <= count; id++) fork(id);
}
