import type { ResolvedRoute, RouteTarget } from '../config/resolved-config.js';
import type { ResilienceOptions } from '../resilience/resilience-options.js';
import { compileGlob, isGlob } from './glob.js';

/** A concrete target for one request: the provider and the exact model name to send. */
export interface SelectedTarget {
  provider: string;
  model: string;
  /** The model name is the client's own, through a `provider/*` target: the provider may not know it. */
  clientNamed?: true;
}

export interface RouteMatch {
  /** The route pattern that matched (for headers and logs). */
  pattern: string;
  targets: SelectedTarget[];
  /** Larger-context targets for after a context_too_long failure. */
  longContext: SelectedTarget[];
  resilience: ResilienceOptions;
}

interface CompiledRoute {
  matcher: RegExp | undefined;
  route: ResolvedRoute;
  /** The match itself when no target takes the client's model name (`provider/*`): the same for every request. */
  fixed: RouteMatch | undefined;
}

/**
 * Maps a client model name to its ordered targets. An exact name beats any glob; among globs the
 * first in the configuration wins, so put specific patterns before broad ones.
 */
export class RouteTable {
  readonly #exact = new Map<string, CompiledRoute>();
  readonly #globs: CompiledRoute[] = [];

  constructor(routes: ResolvedRoute[]) {
    for (const route of routes) {
      const fixed = fixedMatch(route);
      if (isGlob(route.pattern)) this.#globs.push({ matcher: compileGlob(route.pattern), route, fixed });
      else this.#exact.set(route.pattern, { matcher: undefined, route, fixed });
    }
  }

  /** The targets for `model`, with `provider/*` resolved to the requested name; undefined when no route matches. */
  match(model: string): RouteMatch | undefined {
    const compiled = this.#exact.get(model) ?? this.#globs.find((candidate) => candidate.matcher!.test(model));
    if (!compiled) return undefined;
    // Every request matches its route at least twice (handler and gateway): no new objects when nothing depends on the name.
    if (compiled.fixed) return compiled.fixed;
    const { route } = compiled;
    const resolve = (target: RouteTarget): SelectedTarget =>
      target.model === '*' ? { provider: target.provider, model, clientNamed: true } : { provider: target.provider, model: target.model };
    return { pattern: route.pattern, targets: route.targets.map(resolve), longContext: route.longContext.map(resolve), resilience: route.resilience };
  }

  /** Every configured pattern, in matching order. */
  patterns(): string[] {
    return [...this.#exact.keys(), ...this.#globs.map((compiled) => compiled.route.pattern)];
  }

  /** True when some route accepts `model`. */
  accepts(model: string): boolean {
    return this.match(model) !== undefined;
  }
}

/**
 * A route's match built once, when none of its targets takes the client's model name; frozen,
 * since every request shares it. Undefined for a route with a `provider/*` target.
 */
function fixedMatch(route: ResolvedRoute): RouteMatch | undefined {
  if ([...route.targets, ...route.longContext].some((target) => target.model === '*')) return undefined;
  const select = (target: RouteTarget): SelectedTarget => Object.freeze({ provider: target.provider, model: target.model });
  return Object.freeze({
    pattern: route.pattern,
    targets: Object.freeze(route.targets.map(select)) as SelectedTarget[],
    longContext: Object.freeze(route.longContext.map(select)) as SelectedTarget[],
    resilience: route.resilience,
  });
}
