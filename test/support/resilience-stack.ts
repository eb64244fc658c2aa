import type { LifelineInstance } from '../../src/app.js';
import { createLogger } from '../../src/observability/create-logger.js';
import type { ResilienceOverride } from '../../src/resilience/resilience-options.js';
import type { RecordedRequest, SimulatorHandle } from '../../src/simulators/index.js';
import { startStack, type StackProvider } from './start-stack.js';

/**
 * One logger for every stack of a test file: each `createLogger` without a destination registers a
 * process exit listener, and tests here start a fresh stack per case.
 */
const sharedLogger = createLogger(process.env.LIFELINE_TEST_LOG ?? 'silent');

/** A route as lifeline.yaml takes it: a target list, or an object with long-context targets and its own resilience. */
export type StackRoute = string[] | { targets: string[]; long_context?: string[]; resilience?: ResilienceOverride };

/** Options for {@link startResilienceStack}. */
export interface ResilienceStackOptions {
  providers: StackProvider[];
  routes: Record<string, StackRoute>;
  /** The top-level `resilience:` block. */
  resilience?: ResilienceOverride;
  /** Other top-level blocks (health, ...), over the test defaults. */
  config?: Record<string, unknown>;
}

/** Simulators behind a real Lifeline configured with a resilience block and object routes. */
export interface ResilienceStack {
  lifeline: LifelineInstance;
  /** Lifeline's base URL for the Anthropic SDK (no /v1). */
  anthropicBaseUrl: string;
  /** Lifeline's base URL for the OpenAI SDK (with /v1). */
  openaiBaseUrl: string;
  sims: Record<string, SimulatorHandle>;
  /** The simulator started for `name`; throws when there is none (a typo in a test). */
  sim(name: string): SimulatorHandle;
  /** Clears every simulator's faults and recorded requests. */
  resetSims(): void;
  close(): Promise<void>;
}

/**
 * Like `startStack`, but the YAML also carries a `resilience:` block and routes may be objects
 * (`{ targets, long_context, resilience }`), so tests can shrink timeouts, breakers and backoff.
 */
export async function startResilienceStack(options: ResilienceStackOptions): Promise<ResilienceStack> {
  const stack = await startStack({
    providers: options.providers,
    routes: options.routes,
    config: { ...options.config, ...(options.resilience ? { resilience: options.resilience } : {}) },
    logger: sharedLogger,
  });
  return {
    ...stack,
    sim(name) {
      const sim = stack.sims[name];
      if (!sim) throw new Error(`no simulator named ${name} (have ${Object.keys(stack.sims).join(', ')})`);
      return sim;
    },
    resetSims() {
      for (const sim of Object.values(stack.sims)) {
        sim.control.clearFaults();
        sim.control.clearRequests();
      }
    },
  };
}

/** The generation requests a simulator received (model listings and token counts left out). */
export function generationRequests(sim: SimulatorHandle): RecordedRequest[] {
  return sim.control.requests().filter((request) => request.method === 'POST' && /\/(messages|chat\/completions|responses)$/.test(request.path));
}

/** The key a recorded request carried (`x-api-key` or `Authorization: Bearer`). */
export function keyOf(request: RecordedRequest): string | undefined {
  const apiKey = request.headers['x-api-key'];
  if (apiKey) return apiKey;
  return /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
}
