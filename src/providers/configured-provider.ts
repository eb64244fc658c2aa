/**
 * A provider as configured, ready to build an adapter from: secrets resolved, empty keys removed.
 * `Type` is one of the registry's types (config/resolved-config.ts `ResolvedProvider` names it);
 * the adapters' side takes any, so providers/ needs nothing from config/.
 */
export interface ConfiguredProvider<Type extends string = string> {
  name: string;
  type: Type;
  baseUrl: string;
  keys: string[];
  headers: Record<string, string>;
  timeouts: { connectMs?: number; firstByteMs?: number; idleMs?: number; streamMaxMs?: number };
  models: string[];
  /** The keys only this provider's type reads (`preset`, `quirks`, `anthropic_version`, ...), as written; see providers/<type>/. */
  settings?: Readonly<Record<string, unknown>>;
  /** Official status page summary URL; `false` when polling is off; undefined = default for the type. */
  statusPageUrl?: string | false;
  /** Model names this provider knows by another id (`model_map`); wins over the built-in Claude table. */
  modelMap?: Record<string, string>;
}
