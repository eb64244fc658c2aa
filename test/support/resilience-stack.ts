import { stringify } from 'yaml';
import { startLifeline, type LifelineInstance } from '../../src/app.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { testConfigDefaults } from './test-config-defaults.js';
import { createLogger } from '../../src/observability/create-logger.js';
import type { ResilienceOverride } from '../../src/resilience/resilience-options.js';
import { startSimulator, type RecordedRequest, type SimulatorHandle } from '../../src/simulators/index.js';
import type { StackProvider } from './start-stack.js';

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
  const sims: Record<string, SimulatorHandle> = {};
  const providers: Record<string, unknown> = {};
  try {
    for (const provider of options.providers) {
      const sim = await startSimulator({ name: provider.name, ...provider.simulator });
      sims[provider.name] = sim;
      providers[provider.name] = {
        type: provider.type ?? provider.simulator.format,
        base_url: sim.url,
        keys: provider.keys ?? [`sk-${provider.name}-test-0001`],
        ...provider.extra,
      };
    }
    const yaml = stringify({
      ...testConfigDefaults(),
      server: { host: '127.0.0.1', port: 0 },
      providers,
      routes: options.routes,
      ...(options.resilience ? { resilience: options.resilience } : {}),
    });
    const config = parseConfigText(yaml, { env: {} });
    const lifeline = await startLifeline(config, { logger: sharedLogger });
    return {
      lifeline,
      anthropicBaseUrl: lifeline.url,
      openaiBaseUrl: `${lifeline.url}/v1`,
      sims,
      sim(name) {
        const sim = sims[name];
        if (!sim) throw new Error(`no simulator named ${name} (have ${Object.keys(sims).join(', ')})`);
        return sim;
      },
      resetSims() {
        for (const sim of Object.values(sims)) {
          sim.control.clearFaults();
          sim.control.clearRequests();
        }
      },
      async close() {
        await lifeline.close();
        await Promise.all(Object.values(sims).map((sim) => sim.close()));
      },
    };
  } catch (error) {
    await Promise.all(Object.values(sims).map((sim) => sim.close()));
    throw error;
  }
}

/** The generation requests a simulator received (model listings and token counts left out). */
export function generationRequests(sim: SimulatorHandle): RecordedRequest[] {
  return sim.control.requests().filter((request) => request.method === 'POST' && /\/(messages|chat\/completions)$/.test(request.path));
}

/** The key a recorded request carried (`x-api-key` or `Authorization: Bearer`). */
export function keyOf(request: RecordedRequest): string | undefined {
  const apiKey = request.headers['x-api-key'];
  if (apiKey) return apiKey;
  return /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
}
