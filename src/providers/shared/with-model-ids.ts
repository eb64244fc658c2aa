import type { AttemptContext, ProviderAdapter } from '../provider-adapter.js';

/**
 * Wraps an adapter so every attempt sends the provider's own id for the model Lifeline names
 * (`claude-sonnet-4-5` becomes `anthropic.claude-sonnet-4-5-20250929-v1:0` on Bedrock): traffic,
 * probes and token counts alike. Breakers, health and headers keep the name the route uses. A
 * name `modelId` does not know goes out as it is; the gateway never sends one (it skips such a
 * target, see Gateway), so only a probe of a stale target could, and the provider's 404 says why.
 * @example withModelIds(adapter, (name) => targetModelId(provider, name))
 */
export function withModelIds(adapter: ProviderAdapter, modelId: (name: string) => string | undefined): ProviderAdapter {
  const mapped = <T extends Pick<AttemptContext, 'model'>>(attempt: T): T => {
    const id = modelId(attempt.model);
    return id === undefined || id === attempt.model ? attempt : { ...attempt, model: id };
  };
  const wrapped: ProviderAdapter = {
    id: adapter.id,
    type: adapter.type,
    wireFormat: adapter.wireFormat,
    doGenerate: (request, attempt) => adapter.doGenerate(request, mapped(attempt)),
    doStream: (request, attempt) => adapter.doStream(request, mapped(attempt)),
    close: () => adapter.close(),
  };
  const countTokens = adapter.doCountTokens?.bind(adapter);
  if (countTokens) wrapped.doCountTokens = (request, attempt) => countTokens(request, mapped(attempt));
  const countsFor = adapter.countsTokensFor?.bind(adapter);
  if (countsFor) wrapped.countsTokensFor = (model) => countsFor(modelId(model) ?? model);
  return wrapped;
}
