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
      if (isGlob(route.pattern)) this.#globs.push({ matcher: compileGlob(route.pattern), route });
      else this.#exact.set(route.pattern, { matcher: undefined, route });
    }
  }

  /** The targets for `model`, with `provider/*` resolved to the requested name; undefined when no route matches. */
  match(model: string): RouteMatch | undefined {
    const compiled = this.#exact.get(model) ?? this.#globs.find((candidate) => candidate.matcher!.test(model));
    if (!compiled) return undefined;
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
