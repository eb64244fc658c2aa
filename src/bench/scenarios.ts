/** Wire format the load generator speaks. */
export type ClientFormat = 'anthropic' | 'openai';

/** What the request carries: a one-line chat, or a long agent session's whole conversation (long-session.ts). */
export type RequestBody = 'small' | 'session-300k' | 'session-1m';

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
  /** The request's conversation. */
  body: RequestBody;
  /** Scenario the ratios compare against (itself for a direct scenario). */
  baselineId: string;
  /**
   * Passthrough and translated: the bare-proxy scenario of the client's format, the same mode and body,
   * for "Lifeline CPU ÷ bare proxy CPU".
   */
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
  /** The many-open-streams scenario's route, to the paced simulator. */
  anthropicPaced: 'bench-anthropic-paced',
} as const;

/** Model name clients send to the bare proxy (it replaces it with the upstream model). */
export const BARE_PROXY_MODEL = 'bench-bare-proxy';
/** Model name that sends a bare-proxy request to the paced simulator (many-open-streams scenario). */
export const BARE_PROXY_PACED_MODEL = 'bench-bare-proxy-paced';

/** Model names the simulators are asked for. */
export const UPSTREAM_MODELS: Record<ClientFormat, string> = { anthropic: 'claude-sonnet-4-5', openai: 'gpt-4o-mini' };

/** `-session-300k` for a long-session body, '' for the small one. */
function bodyTag(body: RequestBody): string {
  return body === 'small' ? '' : `-${body}`;
}

export function directId(upstream: ClientFormat, stream: boolean, body: RequestBody = 'small'): string {
  return `direct-${upstream}${bodyTag(body)}-${stream ? 'stream' : 'json'}`;
}

export function bareProxyId(format: ClientFormat, stream: boolean, body: RequestBody = 'small'): string {
  return `bare-proxy-${format}${bodyTag(body)}-${stream ? 'stream' : 'json'}`;
}

export function nginxId(upstream: ClientFormat, stream: boolean, body: RequestBody = 'small'): string {
  return `nginx-${upstream}${bodyTag(body)}-${stream ? 'stream' : 'json'}`;
}

/** The id of a passthrough or translated scenario. */
export function lifelineScenarioId(group: 'passthrough' | 'translated', clientFormat: ClientFormat, upstream: ClientFormat, stream: boolean, body: RequestBody = 'small'): string {
  return `${group}-${clientFormat}-to-${upstream}${bodyTag(body)}-${stream ? 'stream' : 'json'}`;
}

function scenarioFactory(stream: boolean, withNginx: boolean, body: RequestBody) {
  const suffix = stream ? 'stream' : 'json';
  const bodyLabel = body === 'session-300k' ? ' 300KB session' : body === 'session-1m' ? ' 1MB session' : '';
  return (group: ScenarioGroup, label: string, clientFormat: ClientFormat, upstream: ClientFormat, model: string): Scenario => {
    const via = group === 'direct' || group === 'bare-proxy' || group === 'nginx' ? group : 'lifeline';
    const id =
      group === 'direct'
        ? directId(upstream, stream, body)
        : group === 'bare-proxy'
          ? bareProxyId(upstream, stream, body)
          : group === 'nginx'
            ? nginxId(upstream, stream, body)
            : lifelineScenarioId(group === 'passthrough' ? 'passthrough' : 'translated', clientFormat, upstream, stream, body);
    const result: Scenario = {
      id,
      label: `${label}${bodyLabel} ${suffix}`,
      group,
      clientFormat,
      stream,
      upstream,
      via,
      model,
      body,
      baselineId: directId(upstream, stream, body),
    };
    if (group === 'passthrough' || group === 'translated') result.bareProxyId = bareProxyId(clientFormat, stream, body);
    if (withNginx && (group === 'passthrough' || group === 'translated')) result.nginxId = nginxId(upstream, stream, body);
    return result;
  };
}

function forMode(stream: boolean, withNginx: boolean): Scenario[] {
  const scenario = scenarioFactory(stream, withNginx, 'small');
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

/**
 * A Claude Code turn late in a long session (long-session.ts), streamed: same-format and translated
 * to an OpenAI-type provider. The translated row's baseline is the native OpenAI request of the same
 * conversation sent straight to the OpenAI simulator.
 */
function sessionScenarios(body: RequestBody, withNginx: boolean): Scenario[] {
  const scenario = scenarioFactory(true, withNginx, body);
  return [
    scenario('direct', 'direct anthropic sim', 'anthropic', 'anthropic', UPSTREAM_MODELS.anthropic),
    scenario('direct', 'direct openai sim', 'openai', 'openai', UPSTREAM_MODELS.openai),
    // The translated row's nginx reference is nginx carrying the native OpenAI request.
    ...(withNginx
      ? [
          scenario('nginx', 'nginx anthropic', 'anthropic', 'anthropic', UPSTREAM_MODELS.anthropic),
          scenario('nginx', 'nginx openai', 'openai', 'openai', UPSTREAM_MODELS.openai),
        ]
      : []),
    scenario('bare-proxy', 'bare proxy anthropic', 'anthropic', 'anthropic', BARE_PROXY_MODEL),
    scenario('passthrough', 'pass anthropic→anthropic', 'anthropic', 'anthropic', BENCH_ROUTES.anthropicPassthrough),
    scenario('translated', 'xlate anthropic→openai', 'anthropic', 'openai', BENCH_ROUTES.anthropicToOpenai),
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
    body: 'small',
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

/**
 * Every scenario, in table order: non-streaming, resilience, streaming, then the long sessions; nginx rows
 * when the run has nginx.
 */
export function allScenarios(options: { nginx: boolean } = { nginx: false }): Scenario[] {
  return [
    ...forMode(false, options.nginx),
    ...resilienceScenarios(),
    ...forMode(true, options.nginx),
    ...sessionScenarios('session-300k', options.nginx),
    ...sessionScenarios('session-1m', options.nginx),
  ];
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
