/** A module loaded on demand, then used synchronously: see {@link lazyModule}. */
export interface LazyModule<T> {
  /** Loads the module (once; later calls share the first load). */
  load(): Promise<T>;
  /** The loaded module; throws when {@link LazyModule.load} has not finished. */
  get(): T;
}

/**
 * A module a provider type needs only when the configuration uses that type (its adapter), so
 * `lifeline start` does not carry every cloud's code in memory. Loaded before the gateway is built
 * (`loadProviderTypes` in registry.ts), then read synchronously by the type's `create`.
 * @example
 * const adapter = lazyModule('bedrock adapter', () => import('./bedrock-adapter.js'));
 * // load: adapter.load, create: (…) => adapter.get().createBedrockAdapter(…)
 */
export function lazyModule<T>(name: string, importer: () => Promise<T>): LazyModule<T> {
  let loaded: T | undefined;
  let loading: Promise<T> | undefined;
  return {
    load: () =>
      (loading ??= importer().then((module) => {
        loaded = module;
        return module;
      })),
    get: () => {
      // A programming error, not a configuration one: every path that builds adapters loads their types first.
      if (loaded === undefined) throw new Error(`${name} used before it was loaded (call loadProviderTypes before building adapters)`);
      return loaded;
    },
  };
}
