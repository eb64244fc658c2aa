import { startLifeline } from '../app.js';
import type { ResolvedConfig } from '../config/resolved-config.js';
import { createLogger } from '../observability/create-logger.js';
import { primaryChannel } from '../shared-state/state-channel.js';
import type { ListeningMessage } from './worker-messages.js';

/**
 * One worker of `lifeline start --workers N`: a whole Lifeline on the shared port, whose routing
 * state goes through the primary (or Redis). The primary owns the signals: a worker drains on the
 * SIGTERM the primary sends it, and on its own when the primary is gone.
 */
export async function runWorker(config: ResolvedConfig, id: number): Promise<void> {
  const logger = createLogger(config.logging.level).child({ worker: id });
  const instance = await startLifeline(config, { logger, worker: { id, channel: primaryChannel(), runsSingletonJobs: id === 1 } });
  process.send?.({ lifelineWorker: 'listening', url: instance.url } satisfies ListeningMessage);
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ why }, 'worker draining');
    void instance.shutdown().then((cut) => {
      if (cut > 0) process.stderr.write(`worker ${id}: ${cut} request(s) were still running when the grace ran out\n`);
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Ctrl-C reaches the whole process group; the primary answers it by sending SIGTERM.
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => stop('the primary process is gone'));
}
