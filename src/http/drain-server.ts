import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** How often a draining server looks for connections that went idle (a keep-alive client between requests). */
const IDLE_SWEEP_MS = 100;

/** Counts a server's requests in flight, so a shutdown can wait for them. */
export interface RequestTracker {
  readonly inFlight: number;
  /** Resolves once no request is in flight (at once when none is). */
  idle(): Promise<void>;
}

/** Tracks every request of `server` from arrival until its response has ended or its client left. */
export function trackRequests(server: Server): RequestTracker {
  let inFlight = 0;
  let waiters: Array<() => void> = [];
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) {
        for (const wake of waiters) wake();
        waiters = [];
      }
    });
  });
  return {
    get inFlight() {
      return inFlight;
    },
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}

/**
 * Stops taking connections and lets the requests in flight (streams included) finish, for at
 * most `graceMs`; then cuts whatever is left. Keep-alive connections are closed as soon as they
 * fall idle, so a client between two requests reconnects elsewhere instead of waiting here.
 * Resolves with how many requests were still running when the grace ran out (0: all finished).
 */
export async function drainServer(server: Server, tracker: RequestTracker, graceMs: number): Promise<number> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'grace-over'>((resolve) => (timer = setTimeout(() => resolve('grace-over'), graceMs)));
  const outcome = await Promise.race([tracker.idle().then(() => 'drained' as const), graceOver]);
  clearInterval(sweep);
  clearTimeout(timer);
  const cut = outcome === 'grace-over' ? tracker.inFlight : 0;
  server.closeAllConnections();
  await closed;
  return cut;
}
