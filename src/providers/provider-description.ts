import { z } from 'zod';
import type { ResolvedProvider } from '../config/resolved-config.js';
import type { ProviderAdapter } from './provider-adapter.js';
import type { UpstreamTimeouts } from './shared/upstream-client.js';
import type { UpstreamLimits } from './shared/upstream-limits.js';

/** What every adapter is built from, whatever its type. */
export interface CommonAdapterOptions {
  /** The provider's name in the configuration. */
  id: string;
  baseUrl: string;
  headers: Record<string, string>;
  timeouts: Partial<UpstreamTimeouts>;
  limits?: UpstreamLimits;
}

/**
 * Everything the rest of Lifeline knows about one provider type, written in that type's own
 * folder and listed once in `registry.ts`. Code outside `providers/` asks the registry for these
 * facts instead of comparing type names.
 */
export interface ProviderDescription {
  /** False for servers that may run without a key (local OpenAI-compatible servers): they are tried with none. */
  readonly keyRequired: boolean;
  /** The official Statuspage v2 `summary.json` polled when the provider sets no `status_page_url`. */
  readonly defaultStatusPageUrl?: string;
  /** The configuration keys only this type reads (snake_case, under `providers.<name>`), with their schemas. */
  readonly settings: z.ZodRawShape;
  /**
   * The base URL when the configuration sets no `base_url` (a cloud's endpoint follows its region);
   * types without one require `base_url`.
   */
  defaultBaseUrl?(settings: Readonly<Record<string, unknown>>): string;
  /** For a type that signs in with cloud credentials instead of keys: what `lifeline check` calls them. */
  readonly credentialsLabel?: string;
  /** A few words for `lifeline check` and start-up notes (`preset=groq`), or ''. */
  describeSettings(settings: Readonly<Record<string, unknown>>): string;
  /** Builds the adapter; throws `ConfigError` naming the key for a setting it cannot use. */
  create(provider: ResolvedProvider, common: CommonAdapterOptions): ProviderAdapter;
}

/** What a provider folder writes: its facts, with `create` handed its own settings already parsed. */
export interface ProviderDefinition<Shape extends z.ZodRawShape> extends Omit<ProviderDescription, 'settings' | 'create' | 'describeSettings' | 'defaultBaseUrl'> {
  readonly settings: Shape;
  defaultBaseUrl?(settings: z.infer<z.ZodObject<Shape>>): string;
  describeSettings?(settings: z.infer<z.ZodObject<Shape>>): string;
  create(provider: ResolvedProvider, settings: z.infer<z.ZodObject<Shape>>, common: CommonAdapterOptions): ProviderAdapter;
}

/**
 * Turns a folder's {@link ProviderDefinition} into the {@link ProviderDescription} the registry lists.
 * The settings were validated with the configuration; parsing them again here only picks this
 * type's keys out of `provider.settings` and types them.
 * @example
 * export const exampleProvider = describeProvider({
 *   keyRequired: true,
 *   settings: { region: z.string().optional() },
 *   create: (provider, settings, common) => createExampleAdapter({ ...common, region: settings.region }),
 * });
 */
export function describeProvider<Shape extends z.ZodRawShape>(definition: ProviderDefinition<Shape>): ProviderDescription {
  const schema = z.object(definition.settings);
  const parse = (settings: Readonly<Record<string, unknown>> | undefined) => schema.parse(settings ?? {});
  return {
    keyRequired: definition.keyRequired,
    ...(definition.defaultStatusPageUrl !== undefined ? { defaultStatusPageUrl: definition.defaultStatusPageUrl } : {}),
    ...(definition.credentialsLabel !== undefined ? { credentialsLabel: definition.credentialsLabel } : {}),
    settings: definition.settings,
    describeSettings: (settings) => definition.describeSettings?.(parse(settings)) ?? '',
    ...(definition.defaultBaseUrl ? { defaultBaseUrl: (settings: Readonly<Record<string, unknown>>) => definition.defaultBaseUrl!(parse(settings)) } : {}),
    create: (provider, common) => definition.create(provider, parse(provider.settings), common),
  };
}
