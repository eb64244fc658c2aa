import type { ScenarioResult } from './scenario-result.js';

/** Informational, not a target: one passthrough scenario's Lifeline CPU against the bare Node proxy's, same format and mode. */
export interface BareProxyComparison {
  /** Label of the passthrough scenario. */
  name: string;
  /** Label of the bare-proxy scenario it is compared with. */
  bareProxyLabel: string;
  lifelineCpuMicros: number;
  bareProxyCpuMicros: number;
  /** Lifeline CPU ÷ bare proxy CPU. */
  ratio: number;
}

/** A comparison for every result with a `lifelineCpuPerBareProxyCpu` (passthrough rows whose bare-proxy row ran). */
export function compareWithBareProxy(results: readonly ScenarioResult[]): BareProxyComparison[] {
  const byId = new Map(results.map((result) => [result.id, result]));
  const comparisons: BareProxyComparison[] = [];
  for (const result of results) {
    const bareProxy = result.bareProxyId === undefined ? undefined : byId.get(result.bareProxyId);
    const lifelineCpuMicros = result.lifelineCpuMicrosPerRequest;
    const bareProxyCpuMicros = bareProxy?.bareProxyCpuMicrosPerRequest ?? null;
    if (bareProxy === undefined || result.lifelineCpuPerBareProxyCpu === null || lifelineCpuMicros === null || bareProxyCpuMicros === null) continue;
    comparisons.push({ name: result.label, bareProxyLabel: bareProxy.label, lifelineCpuMicros, bareProxyCpuMicros, ratio: result.lifelineCpuPerBareProxyCpu });
  }
  return comparisons;
}
