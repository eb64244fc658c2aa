import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

/** One client request of a fleet load, as its client saw it. */
export interface FleetResult {
  /** Base URL of the instance that answered (or the last one tried). */
  instance: string;
  startedAt: number;
  endedAt: number;
  ok: boolean;
  /** The SDK error's name and message when not ok. */
  error?: string;
  /** Instances tried before this one because they could not be reached (a load balancer's retry). */
  connectRetries: number;
  /** `x-lifeline-target` of the answer. */
  target?: string;
}

/** A running load. */
export interface FleetLoad {
  readonly results: readonly FleetResult[];
  /** Stops starting requests and waits for those in flight. */
  stop(): Promise<void>;
}

/** Options of {@link startFleetLoad}. */
export interface FleetLoadOptions {
  /** Base URLs to spread requests over, round-robin (read before each request). */
  instances: () => readonly string[];
  /** Requests in flight at once. */
  concurrency: number;
  model: string;
  /** Pause of each worker between its requests. Default 0. */
  pauseMs?: number;
}

/** A failure to reach the instance (refused, reset), as opposed to an answer: what a load balancer retries elsewhere. */
const isConnectionError = (error: unknown) =>
  error instanceof Anthropic.APIConnectionError || error instanceof OpenAI.APIConnectionError || (error instanceof Error && /^Connection error\.?$/.test(error.message));
/** How long an instance that could not be reached is left out, like a load balancer's fail timeout. */
const FAIL_TIMEOUT_MS = 2_000;

/**
 * Clients as a team runs them behind a plain load balancer: the official Anthropic and OpenAI
 * SDKs (streaming and not, in turn), spread round-robin over the instances. An instance that
 * cannot be reached (refused, reset) is skipped for the next one and left out for 2 s, as a load
 * balancer with passive health checks does (nginx `max_fails`/`fail_timeout`); every
 * other failure is the client's to see and is recorded as such. SDK retries are off, so what the
 * SDK reports is what happened.
 */
export function startFleetLoad(options: FleetLoadOptions): FleetLoad {
  const results: FleetResult[] = [];
  let running = true;
  let turn = 0;
  const unreachableUntil = new Map<string, number>();
  const pick = (): string => {
    const instances = options.instances();
    for (let tries = 0; tries < instances.length; tries++) {
      const url = instances[turn++ % instances.length]!;
      if ((unreachableUntil.get(url) ?? 0) <= Date.now()) return url;
    }
    return instances[turn++ % instances.length]!;
  };
  const anthropicClients = new Map<string, Anthropic>();
  const openaiClients = new Map<string, OpenAI>();
  const anthropicFor = (url: string) => {
    let client = anthropicClients.get(url);
    if (!client) anthropicClients.set(url, (client = new Anthropic({ baseURL: url, apiKey: 'client-key', maxRetries: 0, timeout: 30_000 })));
    return client;
  };
  const openaiFor = (url: string) => {
    let client = openaiClients.get(url);
    if (!client) openaiClients.set(url, (client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'client-key', maxRetries: 0, timeout: 30_000 })));
    return client;
  };

  async function once(url: string, kind: number): Promise<string | undefined> {
    const messages = [{ role: 'user' as const, content: 'fleet ping' }];
    switch (kind % 4) {
      case 0: {
        const { response } = await anthropicFor(url).messages.create({ model: options.model, max_tokens: 32, messages }).withResponse();
        return response.headers.get('x-lifeline-target') ?? undefined;
      }
      case 1: {
        const stream = anthropicFor(url).messages.stream({ model: options.model, max_tokens: 32, messages });
        await stream.finalMessage();
        return undefined;
      }
      case 2: {
        const { response } = await openaiFor(url).chat.completions.create({ model: options.model, messages }).withResponse();
        return response.headers.get('x-lifeline-target') ?? undefined;
      }
      default: {
        const stream = await openaiFor(url).chat.completions.create({ model: options.model, messages, stream: true });
        for await (const _chunk of stream) void _chunk;
        return undefined;
      }
    }
  }

  async function worker(): Promise<void> {
    while (running) {
      const startedAt = Date.now();
      const kind = turn;
      let connectRetries = 0;
      for (;;) {
        const instances = options.instances();
        const url = pick();
        try {
          const target = await once(url, kind);
          results.push({ instance: url, startedAt, endedAt: Date.now(), ok: true, connectRetries, ...(target ? { target } : {}) });
          break;
        } catch (error) {
          if (isConnectionError(error) && connectRetries < instances.length) {
            connectRetries += 1;
            unreachableUntil.set(url, Date.now() + FAIL_TIMEOUT_MS);
            continue;
          }
          const described = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          results.push({ instance: url, startedAt, endedAt: Date.now(), ok: false, error: described.slice(0, 300), connectRetries });
          break;
        }
      }
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  }

  const workers = Array.from({ length: options.concurrency }, () => worker());
  return {
    results,
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}
