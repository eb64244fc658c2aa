import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../errors/index.js';
import { describeProvider } from '../provider-description.js';
import { createGoogleTokenSource, googleCredentialsLabel } from './google-token-source.js';
import { vertexBaseUrl } from './vertex-location.js';
import { lazyModule } from '../shared/lazy-module.js';

// Loaded only when the configuration has a provider of this type (registry.ts loadProviderTypes).
const adapterModule = lazyModule('Vertex adapter', () => import('./vertex-adapter.js'));

/**
 * Vertex AI (Claude and Gemini) with Google credentials: what the registry knows of type
 * `vertex`. It signs in with Application Default Credentials or `credentials_file`, never `keys`,
 * so its targets are tried without a key.
 */
export const vertexProvider = describeProvider({
  load: adapterModule.load,
  keyRequired: false,
  settings: {
    /** The Google Cloud project id. */
    project: z.string().min(1).optional(),
    /** `global`, `us`, `eu` or a region such as `us-east5`. */
    region: z.string().regex(/^[a-z0-9-]+$/, { error: 'expected a Vertex AI location such as us-east5 or global' }).optional(),
    /** Replaces https://REGION-aiplatform.googleapis.com (as the SDKs' endpoint override does). */
    endpoint: z.url({ error: 'expected a URL such as https://us-east5-aiplatform.googleapis.com' }).optional(),
    /** A service-account JSON key file (relative to the working directory); default Application Default Credentials. */
    credentials_file: z.string().min(1).optional(),
    /** max_tokens for translated requests to Claude that set none. */
    default_max_tokens: z.number().int().positive().optional(),
  },
  checkSettings: (settings) => [
    ...(settings.project === undefined ? [{ key: 'project', message: 'required for type vertex (the Google Cloud project id)' }] : []),
    ...(settings.region === undefined ? [{ key: 'region', message: 'required for type vertex (us-east5, europe-west1, global, ...)' }] : []),
  ],
  defaultBaseUrl: (settings) => settings.endpoint ?? (settings.region ? vertexBaseUrl(settings.region) : undefined),
  // The key pool holds one entry for the Google credentials: auth failures cool it, and `lifeline check` checks it.
  credentials: (settings) => [{ label: googleCredentialsLabel(settings.credentials_file ? resolve(settings.credentials_file) : undefined), secret: '' }],
  describeSettings: (settings) => [settings.project && `project=${settings.project}`, settings.region && `region=${settings.region}`].filter(Boolean).join(' '),
  create(provider, settings, common) {
    if (!settings.project) throw new ConfigError(`providers.${provider.name}.project: vertex needs the Google Cloud project id`);
    if (!settings.region) throw new ConfigError(`providers.${provider.name}.region: vertex needs a location (us-east5, europe-west1, global, ...)`);
    return adapterModule.get().createVertexAdapter({
      ...common,
      project: settings.project,
      region: settings.region,
      tokens: createGoogleTokenSource({ providerName: provider.name, ...(settings.credentials_file ? { credentialsFile: resolve(settings.credentials_file) } : {}) }),
      ...(settings.default_max_tokens ? { defaultMaxTokens: settings.default_max_tokens } : {}),
    });
  },
});
