import type { FrontDoorSettings } from '../http/front-door-config.js';
import type { StateSettings } from '../shared-state/state-config.js';
import type { StorageSettings } from '../store/storage-config.js';
import type { ResilienceOptions } from '../resilience/resilience-options.js';
import type { ConfiguredProvider } from '../providers/configured-provider.js';
import type { ProviderType } from '../providers/registry.js';
import type { ConfigFile } from './config-schema.js';
import type { LimitsConfig } from './limits-config.js';
import type { DeferredConfig } from '../deferred/deferred-config.js';
import type { ResponseStoreConfig } from '../response-store/response-store-config.js';
import type { RouteDegradation } from '../degrade/degrade-config.js';

/** A configured provider of one of the registry's types (see providers/configured-provider.ts). */
export type ResolvedProvider = ConfiguredProvider<ProviderType>;

/** One entry of a route: a provider and a model, `*` meaning the model the client asked for. */
export interface RouteTarget {
  provider: string;
  model: string;
}

export interface ResolvedRoute {
  /** The client model name or glob (`claude-*`). */
  pattern: string;
  targets: RouteTarget[];
  /** Larger-context targets, tried only after a target answered context_too_long. */
  longContext: RouteTarget[];
  /** The global resilience settings with this route's overrides applied. */
  resilience: ResilienceOptions;
  /** Defer this route's requests when every target fails, whatever the client asked. */
  defer?: boolean;
  /** What a client gets when every target failed, before the honest error. */
  degrade?: RouteDegradation;
}

/** The configuration Lifeline runs with, wherever it came from. */
export interface ResolvedConfig {
  /** `shutdownGraceMs`: absent means 30 s. */
  server: { host: string; port: number; maxBodyBytes: number; shutdownGraceMs?: number } & FrontDoorSettings;
  providers: Record<string, ResolvedProvider>;
  routes: ResolvedRoute[];
  /** Global resilience settings (routes carry their own merged copy). */
  resilience: ResilienceOptions;
  /** How much of a provider's answer Lifeline holds. */
  limits: LimitsConfig;
  health: ConfigFile['health'];
  incidents: ConfigFile['incidents'];
  notifications: ConfigFile['notifications'];
  admin: ConfigFile['admin'];
  status: ConfigFile['status'];
  /** SQLite file (`:memory:` keeps everything in memory, for tests), or PostgreSQL when `url` is set. */
  storage: StorageSettings;
  deferred: DeferredConfig;
  /** Stored Responses API responses: `store_ttl` (ms) and `max_stored_bytes`. */
  responses: ResponseStoreConfig;
  /** Shared routing state; absent means this instance keeps its own. */
  state?: StateSettings;
  logging: { level: string };
  /** `file` (with `sourcePath`) or `environment` (no file: built from *_API_KEY variables). */
  source: 'file' | 'environment';
  sourcePath?: string;
  /** What a person should know at start-up: keys found, providers skipped, defaults applied. */
  notes: string[];
}
