import { z } from 'zod';
import type { ClaudeCloud } from './claude-models/claude-model-ids.js';
import type { ConfiguredProvider } from './configured-provider.js';
import type { Credential, ProviderAdapter } from './provider-adapter.js';
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
  /**
   * False for servers that may run without a key (local OpenAI-compatible servers, an Azure
   * provider authenticating with Entra ID): they are tried with none. Given the provider's settings.
   */
  keyRequired(settings: Readonly<Record<string, unknown>>): boolean;
  /** The official Statuspage v2 `summary.json` polled when the provider sets no `status_page_url`. */
  readonly defaultStatusPageUrl?: string;
  /**
   * A cloud's official status page for people (Azure status), linked on the status page: the
   * clouds publish no Statuspage feed, so there is nothing to poll.
   */
  readonly officialPage?: { name: string; url: string };
  /** What a keyless provider of this type authenticates with, for `lifeline check` (`Entra ID token`); default: no key. */
  readonly keylessLabel?: string;
  /** The configuration keys only this type reads (snake_case, under `providers.<name>`), with their schemas. */
  readonly settings: z.ZodRawShape;
  /** A few words for `lifeline check` and start-up notes (`preset=groq`), or ''. */
  describeSettings(settings: Readonly<Record<string, unknown>>): string;
  /** Builds the adapter; throws `ConfigError` naming the key for a setting it cannot use. */
  create(provider: ConfiguredProvider, common: CommonAdapterOptions): ProviderAdapter;
  /**
   * Set for a cloud that names Claude models its own way (`bedrock`): every model a target sends
   * must be known to its `model_map` or the Claude table, and goes out under that cloud's id.
   */
  readonly claudeCloud?: ClaudeCloud;
  /** The base URL when `base_url` is not set (a cloud's regional endpoint); without it `base_url` is required. */
  defaultBaseUrl?(settings: Readonly<Record<string, unknown>>): string | undefined;
  /**
   * For a type that brings its own credentials instead of (or besides) `keys` (a cloud's signing
   * or token chain): the entries the key pool holds, labelled safely, given the settings and the
   * configured `keys`; a `secret` of '' means the adapter authenticates its own way.
   */
  credentials?(settings: Readonly<Record<string, unknown>>, keys: readonly string[]): Credential[];
  /** Settings whose values are secrets, for the redactor (`secret_access_key`, ...). */
  readonly secretSettings?: readonly string[];
  /** Problems that span settings (`access_key_id` without `secret_access_key`), as `{ key, message }`. */
  checkSettings?(settings: Readonly<Record<string, unknown>>): Array<{ key: string; message: string }>;
  /** Loads what `create` needs when it is not loaded with the registry (a cloud's adapter: shared/lazy-module.ts). */
  load?(): Promise<unknown>;
}

/** What a provider folder writes: its facts, with `create` handed its own settings already parsed. */
export interface ProviderDefinition<Shape extends z.ZodRawShape>
  extends Omit<ProviderDescription, 'settings' | 'create' | 'describeSettings' | 'defaultBaseUrl' | 'credentials' | 'checkSettings' | 'keyRequired'> {
  /** A constant, or decided by the type's own settings (`entra` makes keys optional). */
  readonly keyRequired: boolean | ((settings: z.infer<z.ZodObject<Shape>>) => boolean);
  readonly settings: Shape;
  describeSettings?(settings: z.infer<z.ZodObject<Shape>>): string;
  create(provider: ConfiguredProvider, settings: z.infer<z.ZodObject<Shape>>, common: CommonAdapterOptions): ProviderAdapter;
  defaultBaseUrl?(settings: z.infer<z.ZodObject<Shape>>): string | undefined;
  credentials?(settings: z.infer<z.ZodObject<Shape>>, keys: readonly string[]): Credential[];
  checkSettings?(settings: z.infer<z.ZodObject<Shape>>): Array<{ key: string; message: string }>;
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
    keyRequired: (settings) => (typeof definition.keyRequired === 'boolean' ? definition.keyRequired : definition.keyRequired(parse(settings))),
    ...(definition.defaultStatusPageUrl !== undefined ? { defaultStatusPageUrl: definition.defaultStatusPageUrl } : {}),
    ...(definition.officialPage !== undefined ? { officialPage: definition.officialPage } : {}),
    ...(definition.keylessLabel !== undefined ? { keylessLabel: definition.keylessLabel } : {}),
    settings: definition.settings,
    describeSettings: (settings) => definition.describeSettings?.(parse(settings)) ?? '',
    create: (provider, common) => definition.create(provider, parse(provider.settings), common),
    ...(definition.claudeCloud ? { claudeCloud: definition.claudeCloud } : {}),
    ...(definition.secretSettings ? { secretSettings: definition.secretSettings } : {}),
    ...(definition.defaultBaseUrl ? { defaultBaseUrl: (settings) => definition.defaultBaseUrl!(parse(settings)) } : {}),
    ...(definition.credentials ? { credentials: (settings, keys) => definition.credentials!(parse(settings), keys) } : {}),
    ...(definition.checkSettings ? { checkSettings: (settings) => definition.checkSettings!(parse(settings)) } : {}),
    ...(definition.load ? { load: definition.load } : {}),
  };
}
