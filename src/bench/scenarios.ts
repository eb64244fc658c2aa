/** Wire format the load generator speaks. */
export type ClientFormat = 'anthropic' | 'openai';

/**
 * What a scenario measures: the baseline, the bare Node proxy (the floor any Node gateway pays), Lifeline
 * passing bytes through, translating, or failing over.
 */
export type ScenarioGroup = 'direct' | 'bare-proxy' | 'nginx' | 'passthrough' | 'translated' | 'resilience';

/** One measured request shape. */
export interface Scenario {
  id: string;
  /** Short human label for the table. */
  label: string;
  group: ScenarioGroup;
  clientFormat: ClientFormat;
  stream: boolean;
  /** The simulator that finally serves the request. */
  upstream: ClientFormat;
  /** Sent straight to the simulator, through the bare proxy (bare-proxy.ts), nginx (nginx-proxy.ts) or Lifeline. */
  via: 'direct' | 'bare-proxy' | 'nginx' | 'lifeline';
  /** Model name the client sends (a Lifeline route name when `via` is lifeline). */
  model: string;
  /** Scenario the ratios compare against (itself for a direct scenario). */
  baselineId: string;
  /** Passthrough only: the bare-proxy scenario of the same format and mode, for "Lifeline CPU ÷ bare proxy CPU". */
  bareProxyId?: string;
  /**
   * Passthrough and translated only: the nginx scenario of the upstream's format and the same mode, whose
   * CPU scales the targets to this run's machine. Left out when the run has no nginx.
   */
  nginxId?: string;
}

/** Model names of the Lifeline routes in the bench config (see lifeline-bench-config.ts). */
export const BENCH_ROUTES = {
  anthropicPassthrough: 'bench-anthropic-passthrough',
  openaiPassthrough: 'bench-openai-passthrough',
  anthropicToOpenai: 'bench-anthropic-to-openai',
  openaiToAnthropic: 'bench-openai-to-anthropic',
  healthyPrimary: 'bench-healthy-primary',
  primaryUnreachable: 'bench-primary-unreachable',
} as const;

/** Model name clients send to the bare proxy (it replaces it with the upstream model). */
export const BARE_PROXY_MODEL = 'bench-bare-proxy';

/** Model names the simulators are asked for. */
export const UPSTREAM_MODELS: Record<ClientFormat, string> = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-4o-mini' };

function directId(upstream: ClientFormat, stream: boolean): string {
  return `direct-${upstream}-${stream ? 'stream' : 'json'}`;
}

function bareProxyId(format: ClientFormat, stream: boolean): string {
  return `bare-proxy-${format}-${stream ? 'stream' : 'json'}`;
}

function nginxId(upstream: ClientFormat, stream: boolean): string {
  return `nginx-${upstream}-${stream ? 'stream' : 'json'}`;
}

function forMode(stream: boolean, withNginx: boolean): Scenario[] {
  const suffix = stream ? 'stream' : 'json';
  const scenario = (
    group: ScenarioGroup,
    label: string,
    clientFormat: ClientFormat,
    upstream: ClientFormat,
    model: string,
  ): Scenario => {
    const via = group === 'direct' || group === 'bare-proxy' || group === 'nginx' ? group : 'lifeline';
    const id =
      group === 'direct'
        ? directId(upstream, stream)
        : group === 'bare-proxy'
          ? bareProxyId(upstream, stream)
          : group === 'nginx'
            ? nginxId(upstream, stream)
            : `${group}-${clientFormat}-to-${upstream}-${suffix}`;
    const result: Scenario = { id, label: `${label} ${suffix}`, group, clientFormat, stream, upstream, via, model, baselineId: directId(upstream, stream) };
    if (group === 'passthrough') result.bareProxyId = bareProxyId(clientFormat, stream);
    if (withNginx && (group === 'passthrough' || group === 'translated')) result.nginxId = nginxId(upstream, stream);
    return result;
  };
  // nginx forwards the body untouched, so its clients name the upstream model themselves.
  const nginx = withNginx
    ? [
        scenario('nginx', 'nginx anthropic', 'anthropic', 'anthropic', UPSTREAM_MODELS.anthropic),
        scenario('nginx', 'nginx openai', 'openai', 'openai', UPSTREAM_MODELS.openai),
      ]
    : [];
  return [
    scenario('direct', 'direct anthropic sim', 'anthropic', 'anthropic', UPSTREAM_MODELS.anthropic),
    scenario('direct', 'direct openai sim', 'openai', 'openai', UPSTREAM_MODELS.openai),
    ...nginx,
    scenario('bare-proxy', 'bare proxy anthropic', 'anthropic', 'anthropic', BARE_PROXY_MODEL),
    scenario('bare-proxy', 'bare proxy openai', 'openai', 'openai', BARE_PROXY_MODEL),
    scenario('passthrough', 'pass anthropic→anthropic', 'anthropic', 'anthropic', BENCH_ROUTES.anthropicPassthrough),
    scenario('passthrough', 'pass openai→openai', 'openai', 'openai', BENCH_ROUTES.openaiPassthrough),
    scenario('translated', 'xlate anthropic→openai', 'anthropic', 'openai', BENCH_ROUTES.anthropicToOpenai),
    scenario('translated', 'xlate openai→anthropic', 'openai', 'anthropic', BENCH_ROUTES.openaiToAnthropic),
  ];
}

/** The resilience pair: same client and upstream, once with a healthy primary, once with a refused one. */
function resilienceScenarios(): Scenario[] {
  const healthy: Scenario = {
    id: 'resilience-healthy-primary-json',
    label: 'healthy primary json',
    group: 'resilience',
    clientFormat: 'anthropic',
    stream: false,
    upstream: 'anthropic',
    via: 'lifeline',
    model: BENCH_ROUTES.healthyPrimary,
    baselineId: directId('anthropic', false),
  };
  const unreachable: Scenario = {
    ...healthy,
    id: 'resilience-primary-unreachable-json',
    label: 'primary refused→fallback json',
    model: BENCH_ROUTES.primaryUnreachable,
    baselineId: healthy.id,
  };
  return [healthy, unreachable];
}

/** Every scenario, in table order: non-streaming, resilience, then streaming; nginx rows when the run has nginx. */
export function allScenarios(options: { nginx: boolean } = { nginx: false }): Scenario[] {
  return [...forMode(false, options.nginx), ...resilienceScenarios(), ...forMode(true, options.nginx)];
}

/**
 * Scenarios whose id contains `filter`, plus every baseline, bare-proxy and nginx scenario they compare with
 * (transitively); all when no filter.
 */
export function selectScenarios(scenarios: readonly Scenario[], filter: string | undefined): Scenario[] {
  if (!filter) return [...scenarios];
  const wanted = new Set(scenarios.filter((scenario) => scenario.id.includes(filter)).map((scenario) => scenario.id));
  let grew = true;
  while (grew) {
    grew = false;
    for (const scenario of scenarios) {
      if (!wanted.has(scenario.id)) continue;
      for (const needed of [scenario.baselineId, scenario.bareProxyId, scenario.nginxId]) {
        if (needed !== undefined && !wanted.has(needed)) {
          wanted.add(needed);
          grew = true;
        }
      }
    }
  }
  return scenarios.filter((scenario) => wanted.has(scenario.id));
}
