import { Agent } from 'undici';
import { DEMO_REQUEST_KINDS, sendDemoRequest, type DemoRequestResult } from './demo-client.js';

/** Counts of what clients saw, since the start or since the last `takeInterval()`. */
export interface TrafficTally {
  requests: number;
  ok: number;
  errors: number;
  /** Requests answered only after another target failed first. */
  failedOver: number;
  /** Answers per `provider/model`. */
  byTarget: Record<string, number>;
  /** A few error descriptions, for the terminal. */
  errorSamples: string[];
}

/** A steady trickle of client requests through Lifeline. */
export interface DemoTraffic {
  /** Everything since the start. */
  total(): TrafficTally;
  /** What happened since the previous call (for the periodic traffic line). */
  takeInterval(): TrafficTally;
  /** Called for every finished request. */
  onResult(listener: (result: DemoRequestResult) => void): void;
  /** Stops sending and waits for requests in flight. */
  stop(): Promise<void>;
}

function emptyTally(): TrafficTally {
  return { requests: 0, ok: 0, errors: 0, failedOver: 0, byTarget: {}, errorSamples: [] };
}

function add(tally: TrafficTally, result: DemoRequestResult): void {
  tally.requests += 1;
  if (result.ok) tally.ok += 1;
  else {
    tally.errors += 1;
    if (tally.errorSamples.length < 3) tally.errorSamples.push(`${result.kind}: ${result.error ?? 'failed'}`);
  }
  if (result.failovers) tally.failedOver += 1;
  if (result.target) tally.byTarget[result.target] = (tally.byTarget[result.target] ?? 0) + 1;
}

/**
 * Starts one request every `intervalMs` (not waiting for the previous one, like independent
 * clients), rotating through both wire formats, streaming and not.
 */
export function startDemoTraffic(options: { baseUrl: string; intervalMs: number }): DemoTraffic {
  const dispatcher = new Agent({ connections: 16, keepAliveTimeout: 5_000 });
  const total = emptyTally();
  let interval = emptyTally();
  const listeners: Array<(result: DemoRequestResult) => void> = [];
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  const send = () => {
    const kind = DEMO_REQUEST_KINDS[sent % DEMO_REQUEST_KINDS.length]!;
    sent += 1;
    const pending = sendDemoRequest(options.baseUrl, kind, dispatcher).then((result) => {
      add(total, result);
      add(interval, result);
      for (const listener of listeners) listener(result);
    });
    inFlight.add(pending);
    void pending.finally(() => inFlight.delete(pending));
  };
  const timer = setInterval(send, options.intervalMs);
  send();
  return {
    total: () => structuredClone(total),
    takeInterval() {
      const taken = interval;
      interval = emptyTally();
      return taken;
    },
    onResult: (listener) => void listeners.push(listener),
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      await dispatcher.close();
    },
  };
}
