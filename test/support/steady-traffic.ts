/** One client request of the steady trickle. */
export interface TrafficResult {
  startedAt: number;
  endedAt: number;
  /** HTTP status, or 0 when the request itself failed. */
  status: number;
  /** `x-lifeline-target` of the answer: which provider/model served it. */
  target?: string;
}

/** A running trickle of requests. */
export interface SteadyTraffic {
  /** Every finished request, in completion order. */
  readonly results: readonly TrafficResult[];
  /** Stops sending and waits for the requests in flight. */
  stop(): Promise<void>;
}

/**
 * Sends a steady trickle of small Anthropic Messages requests through Lifeline, as clients
 * would: `ratePerSecond` requests per second, each on its own (no waiting on the previous one).
 */
export function startSteadyTraffic(options: { baseUrl: string; model: string; ratePerSecond: number; maxTokens?: number }): SteadyTraffic {
  const results: TrafficResult[] = [];
  const inFlight = new Set<Promise<void>>();
  const body = JSON.stringify({ model: options.model, max_tokens: options.maxTokens ?? 16, messages: [{ role: 'user', content: 'ping' }] });

  const sendOne = (): void => {
    const startedAt = Date.now();
    const request = fetch(`${options.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'client-key', 'anthropic-version': '2023-06-01' },
      body,
      signal: AbortSignal.timeout(30_000),
    })
      .then(async (response) => {
        await response.arrayBuffer();
        const target = response.headers.get('x-lifeline-target');
        results.push({ startedAt, endedAt: Date.now(), status: response.status, ...(target ? { target } : {}) });
      })
      .catch(() => {
        results.push({ startedAt, endedAt: Date.now(), status: 0 });
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };

  sendOne();
  const timer = setInterval(sendOne, Math.max(1, Math.round(1000 / options.ratePerSecond)));
  return {
    results,
    async stop() {
      clearInterval(timer);
      await Promise.all([...inFlight]);
    },
  };
}
