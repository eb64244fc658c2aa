import type { ResolvedConfig } from '../config/resolved-config.js';
import { ActiveProber, keyOutcome } from '../health/active-prober.js';
import type { KeyCheck, KeyCheckOutcome } from '../health/index.js';
import { isKeyRequired, keylessLabelOf, loadProviderTypes, providerCredentials } from '../providers/registry.js';
import { createOfflineHealth } from './create-offline-health.js';

/** One provider's keys, checked. */
export interface ProviderKeyReport {
  name: string;
  type: string;
  baseUrl: string;
  /** Servers of a type that may run without a key (openai-compatible). */
  keyOptional: boolean;
  /** One entry per key; for a keyless optional provider, one entry labelled `(no key)`. Empty: no key configured. */
  checks: KeyCheck[];
}

/** Label of the check a keyless openai-compatible provider gets. */
export const NO_KEY_LABEL = '(no key)';

/**
 * `lifeline check`'s work: builds the gateway and health monitor of `config` (no HTTP port),
 * checks every key of every provider once, and probes keyless openai-compatible servers so they
 * are not silently skipped.
 */
export async function runKeyChecks(config: ResolvedConfig): Promise<ProviderKeyReport[]> {
  await loadProviderTypes(Object.values(config.providers));
  const offline = createOfflineHealth(config);
  try {
    const [checks, keyless] = await Promise.all([offline.health.checkKeys(), probeKeyless(config, offline)]);
    return Object.values(config.providers).map((provider) => ({
      name: provider.name,
      type: provider.type,
      baseUrl: provider.baseUrl,
      keyOptional: !isKeyRequired(provider),
      checks: [...checks.filter((check) => check.provider === provider.name), ...keyless.filter((check) => check.provider === provider.name)],
    }));
  } finally {
    await offline.close();
  }
}

async function probeKeyless(config: ResolvedConfig, offline: ReturnType<typeof createOfflineHealth>): Promise<KeyCheck[]> {
  const keyless = Object.values(config.providers).filter((provider) => !isKeyRequired(provider) && providerCredentials(provider).length === 0);
  if (keyless.length === 0) return [];
  // The monitor checks keys only; a server that needs none is probed once, like a key would be.
  const prober = new ActiveProber({
    gateway: offline.gateway,
    targets: () => [],
    signals: { trailing: () => undefined },
    config: config.health.probe,
    confirmAfterFailures: config.health.hysteresis.open_after_failures,
  });
  return Promise.all(
    keyless.map(async (provider): Promise<KeyCheck> => {
      const label = keylessLabelOf(provider) ?? NO_KEY_LABEL;
      const target = offline.probeTargets.get(provider.name);
      if (!target) return { provider: provider.name, label, outcome: 'no_target', sent: false };
      const outcome = await prober.probe(target);
      if (!outcome) return { provider: provider.name, label, outcome: 'no_target', sent: false };
      return {
        provider: provider.name,
        label,
        model: target.model,
        sent: true,
        outcome: outcome.failureClass ? keyOutcome(outcome.failureClass) : 'valid',
        ...(outcome.failureClass ? { failureClass: outcome.failureClass } : {}),
        ...(outcome.message ? { detail: outcome.message } : {}),
        latencyMs: outcome.latencyMs,
      };
    }),
  );
}

