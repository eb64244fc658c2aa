import { z } from 'zod';
import { ConfigError } from '../../errors/index.js';
import { parseQuirksSetting, quirksSetting } from '../openai/openai-quirks.js';
import { describeProvider } from '../provider-description.js';
import { createOpenAICompatibleAdapter, OPENAI_COMPATIBLE_PRESETS, type OpenAICompatiblePreset } from './openai-compatible-adapter.js';

/**
 * A server that copies Chat Completions (Ollama, vLLM, Groq, ...). It may need no key (a local
 * server), and has no official status page to poll unless one is configured.
 */
export const openAICompatibleProvider = describeProvider({
  keyRequired: false,
  settings: {
    /** A named preset of quirks (ollama, vllm, groq, ...). */
    preset: z.string().optional(),
    quirks: quirksSetting,
  },
  describeSettings: (settings) => (settings.preset ? `preset=${settings.preset}` : ''),
  create: (provider, settings, common) =>
    createOpenAICompatibleAdapter({
      ...common,
      ...(settings.preset ? { preset: checkPreset(provider.name, settings.preset) } : {}),
      ...(settings.quirks ? { quirks: parseQuirksSetting(provider.name, settings.quirks) } : {}),
    }),
});

function checkPreset(provider: string, preset: string): OpenAICompatiblePreset {
  if (Object.hasOwn(OPENAI_COMPATIBLE_PRESETS, preset)) return preset as OpenAICompatiblePreset;
  throw new ConfigError(`providers.${provider}.preset: unknown preset "${preset}" (known: ${Object.keys(OPENAI_COMPATIBLE_PRESETS).join(', ')})`);
}
