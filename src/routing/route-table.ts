import type { ResolvedRoute, RouteTarget } from '../config/resolved-config.js';
import { compileGlob, isGlob } from './glob.js';

/** A concrete target for one request: the provider and the exact model name to send. */
export interface SelectedTarget {
  provider: string;
  model: string;
}

export interface RouteMatch {
  /** The route pattern that matched (for headers and logs). */
  pattern: string;
  targets: SelectedTarget[];
}

interface CompiledRoute {
  pattern: string;
  matcher: RegExp | undefined;
  targets: RouteTarget[];
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
      if (isGlob(route.pattern)) this.#globs.push({ pattern: route.pattern, matcher: compileGlob(route.pattern), targets: route.targets });
      else this.#exact.set(route.pattern, { pattern: route.pattern, matcher: undefined, targets: route.targets });
    }
  }

  /** The targets for `model`, with `provider/*` resolved to the requested name; undefined when no route matches. */
  match(model: string): RouteMatch | undefined {
    const route = this.#exact.get(model) ?? this.#globs.find((candidate) => candidate.matcher!.test(model));
    if (!route) return undefined;
    return {
      pattern: route.pattern,
      targets: route.targets.map((target) => ({ provider: target.provider, model: target.model === '*' ? model : target.model })),
    };
  }

  /** Every configured pattern, in matching order. */
  patterns(): string[] {
    return [...this.#exact.keys(), ...this.#globs.map((route) => route.pattern)];
  }

  /** True when some route accepts `model`. */
  accepts(model: string): boolean {
    return this.match(model) !== undefined;
  }
}
