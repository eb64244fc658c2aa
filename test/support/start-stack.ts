import type { Logger } from 'pino';
import { stringify } from 'yaml';
import { startLifeline, type LifelineInstance } from '../../src/app.js';
import type { Clock } from '../../src/core/clock.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { createLogger } from '../../src/observability/create-logger.js';
import { testConfigDefaults } from './test-config-defaults.js';
import { startAzureSimulator, startSimulator, type SimulatorHandle, type StartAzureSimulatorOptions, type StartSimulatorOptions } from '../../src/simulators/index.js';
import type { ProviderType } from '../../src/providers/registry.js';

/** A simulated provider and how Lifeline's config should name it. */
export interface StackProvider {
  /** Provider name in Lifeline's config. */
  name: string;
  /** Lifeline provider type; defaults to the simulator's format (or the Azure service). */
  type?: ProviderType;
  simulator: StartSimulatorOptions;
  /** Set: an Azure simulator of this service (foundry, azure-openai) with the simulator's other options. */
  azure?: Omit<StartAzureSimulatorOptions, keyof StartSimulatorOptions>;
  /** Keys Lifeline sends; default one key `sk-<name>-test-0001`. */
  keys?: string[];
  /** Extra provider config (timeouts, quirks, models, ...), snake_case as in lifeline.yaml; a function gets the running simulator. */
  extra?: Record<string, unknown> | ((sim: SimulatorHandle) => Record<string, unknown>);
}

export interface Stack {
  lifeline: LifelineInstance;
  /** Lifeline's base URL for the Anthropic SDK (no /v1). */
  anthropicBaseUrl: string;
  /** Lifeline's base URL for the OpenAI SDK (with /v1). */
  openaiBaseUrl: string;
  sims: Record<string, SimulatorHandle>;
  close(): Promise<void>;
}

/**
 * Starts simulators and a real Lifeline (real HTTP on 127.0.0.1, port 0) configured through the
 * same YAML path users take. Logs are silent unless LIFELINE_TEST_LOG names a level.
 */
export async function startStack(options: {
  providers: StackProvider[];
  routes: Record<string, unknown>;
  server?: Record<string, unknown>;
  /** Other top-level blocks (health, incidents, resilience, ...), over the test defaults. */
  config?: Record<string, unknown>;
  /** A logger to share between stacks (each new one registers a process exit listener). */
  logger?: Logger;
  /** Lifeline's clock for stored responses' expiry (the wall clock by default). */
  clock?: Clock;
}): Promise<Stack> {
  const sims: Record<string, SimulatorHandle> = {};
  const providers: Record<string, unknown> = {};
  try {
    for (const provider of options.providers) {
      const { format, ...simulatorOptions } = provider.simulator;
      const sim = provider.azure
        ? await startAzureSimulator({ name: provider.name, ...simulatorOptions, ...provider.azure })
        : await startSimulator({ name: provider.name, ...provider.simulator });
      sims[provider.name] = sim;
      const type = provider.type ?? provider.azure?.service ?? format;
      // Bedrock signs with its own credentials (given in `extra`) and takes its endpoint override.
      const where = type === 'bedrock' ? { region: provider.simulator.aws?.region ?? 'us-east-1', endpoint: sim.url } : { base_url: sim.url, keys: provider.keys ?? [`sk-${provider.name}-test-0001`] };
      providers[provider.name] = { type, ...where, ...(typeof provider.extra === 'function' ? provider.extra(sim) : provider.extra) };
    }
    const yaml = stringify({ ...testConfigDefaults(), ...options.config, server: { host: '127.0.0.1', port: 0, ...options.server }, providers, routes: options.routes });
    const config = parseConfigText(yaml, { env: {} });
    const lifeline = await startLifeline(config, { logger: options.logger ?? createLogger(process.env.LIFELINE_TEST_LOG ?? 'silent'), ...(options.clock ? { clock: options.clock } : {}) });
    return {
      lifeline,
      anthropicBaseUrl: lifeline.url,
      openaiBaseUrl: `${lifeline.url}/v1`,
      sims,
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
