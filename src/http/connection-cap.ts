import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** Sockets past the cap kept just long enough to answer 503; beyond these Node closes new ones at once. */
const OVERFLOW_SOCKETS = 64;
/** An over-cap socket that sends no request within this is closed. */
const OVERFLOW_GRACE_MS = 2_000;
/** Refusals are logged at most this often, with their count. */
const WARNING_INTERVAL_MS = 10_000;

/** The cap on open client connections, as the request handler sees it. */
export interface ConnectionCap {
  /** True for a socket that arrived over the cap: its request gets 503 and the socket closes. */
  refuses(socket: Socket): boolean;
  /** Open client sockets now. */
  readonly open: number;
}

/**
 * Holds open client connections to `maxConnections`, so a flood of idle sockets cannot use up
 * the file descriptors that requests to providers need. A connection over the cap still gets a
 * clear answer (503 in the caller's shape, `retry-after`) if it sends its request within
 * {@link OVERFLOW_GRACE_MS}; past {@link OVERFLOW_SOCKETS} more, Node closes new ones unanswered.
 * `warn` hears about refusals, at most every 10 s.
 */
export function capConnections(server: Server, maxConnections: number, warn: (refusedCount: number) => void): ConnectionCap {
  let open = 0;
  const overCap = new WeakSet<Socket>();
  let refusedSinceWarning = 0;
  let lastWarningAt = 0;
  const refused = () => {
    refusedSinceWarning += 1;
    const now = Date.now();
    if (now - lastWarningAt < WARNING_INTERVAL_MS) return;
    lastWarningAt = now;
    warn(refusedSinceWarning);
    refusedSinceWarning = 0;
  };

  server.maxConnections = maxConnections + OVERFLOW_SOCKETS;
  server.on('drop', refused);
  server.on('connection', (socket: Socket) => {
    open += 1;
    socket.once('close', () => {
      open -= 1;
    });
    if (open <= maxConnections) return;
    overCap.add(socket);
    refused();
    const grace = setTimeout(() => socket.destroy(), OVERFLOW_GRACE_MS);
    grace.unref();
    socket.once('close', () => clearTimeout(grace));
  });

  return {
    refuses: (socket) => overCap.has(socket),
    get open() {
      return open;
    },
  };
}
