import type { CanonicalRequest } from '../../canonical/index.js';
import { GatewayError, ModelNotFoundError } from '../../errors/index.js';
import { estimateInputTokens } from '../../pipeline/estimate-input-tokens.js';
import type { InboundPassthrough } from '../../providers/provider-adapter.js';
import { pickForwardableHeaders } from '../../providers/shared/forwardable-headers.js';
import type { RequestContext } from '../request-context.js';

/** A token count and the headers that say where it came from. */
export interface CountedInputTokens {
  inputTokens: number;
  headers: Record<string, string>;
}

/**
 * Counts a request's input tokens with the route's first target that has a counting endpoint and
 * answers; with none, an estimate, marked `x-lifeline-token-count: estimated` so nobody mistakes it.
 * A target that calls the request invalid ends the search: that is the client's answer.
 */
export async function countInputTokens(context: RequestContext, request: CanonicalRequest, passthrough?: InboundPassthrough): Promise<CountedInputTokens> {
  const match = context.app.routes.match(request.model);
  if (!match) throw new ModelNotFoundError(request.model, context.app.routes.patterns());
  const abort = new AbortController();
  context.response.on('close', () => {
    if (!context.response.writableFinished) abort.abort();
  });
  const failures: string[] = [];
  for (const target of match.targets) {
    const entry = context.app.gateway.providers.get(target.provider);
    if (!entry?.adapter.doCountTokens) continue;
    const credential = entry.credentials[0];
    if (!credential && !entry.keyOptional) continue;
    try {
      const counted = await entry.adapter.doCountTokens(request, {
        model: target.model,
        signal: abort.signal,
        ...(credential ? { credential } : {}),
        ...(passthrough ? { passthrough } : {}),
      });
      context.log.target = { provider: target.provider, model: target.model };
      return {
        inputTokens: counted.inputTokens,
        headers: {
          ...pickForwardableHeaders(counted.headers),
          'x-lifeline-token-count': 'exact',
          'x-lifeline-provider': target.provider,
          'x-lifeline-model': target.model,
          'x-lifeline-request-id': context.requestId,
        },
      };
    } catch (error) {
      if (error instanceof GatewayError && error.failureClass === 'invalid_request') throw error;
      failures.push(`${target.provider}/${target.model}: ${error instanceof GatewayError ? error.failureClass : 'error'}`);
    }
  }
  return {
    inputTokens: estimateInputTokens(request),
    headers: {
      'x-lifeline-token-count': 'estimated',
      'x-lifeline-request-id': context.requestId,
      ...(failures.length > 0 ? { 'x-lifeline-failovers': failures.join(', ') } : {}),
    },
  };
}
