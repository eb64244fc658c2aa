import { z } from 'zod';
import { describeProvider } from '../provider-description.js';
import { createAnthropicAdapter } from './anthropic-adapter.js';

/** The Anthropic Messages API: what the registry and the rest of Lifeline know of type `anthropic`. */
export const anthropicProvider = describeProvider({
  keyRequired: true,
  defaultStatusPageUrl: 'https://status.claude.com/api/v2/summary.json',
  settings: {
    /** The API version sent on translated requests. */
    anthropic_version: z.string().optional(),
    /** max_tokens for translated requests that set none. */
    default_max_tokens: z.number().int().positive().optional(),
  },
  create: (_provider, settings, common) =>
    createAnthropicAdapter({
      ...common,
      ...(settings.anthropic_version ? { anthropicVersion: settings.anthropic_version } : {}),
      ...(settings.default_max_tokens ? { defaultMaxTokens: settings.default_max_tokens } : {}),
    }),
});
