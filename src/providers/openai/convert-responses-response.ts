import { emptyUsage, type AssistantPart, type CanonicalResponse, type FinishReason, type Usage } from '../../canonical/index.js';
import { UpstreamResponseError, type TargetRef } from '../../errors/index.js';
import { parseArgumentsText } from './convert-openai-response.js';
import { responsesResponseSchema, type ResponsesOutputItem, type ResponsesUsage } from './responses-api-schemas.js';

/** Responses API usage → canonical; `input_tokens` already counts cached tokens. */
export function convertResponsesUsage(usage: ResponsesUsage | null | undefined): Usage {
  if (!usage) return emptyUsage();
  const total = usage.input_tokens ?? undefined;
  const cacheRead = usage.input_tokens_details?.cached_tokens ?? undefined;
  return {
    inputTokens: { total, noCache: total === undefined ? undefined : Math.max(0, total - (cacheRead ?? 0)), cacheRead, cacheWrite: undefined },
    outputTokens: { total: usage.output_tokens ?? undefined, reasoning: usage.output_tokens_details?.reasoning_tokens ?? undefined },
    raw: usage,
  };
}

/** A finished response's status → finish reason (`raw` keeps the status or the incomplete reason). */
export function responsesFinishReason(status: string | null | undefined, incompleteReason: string | null | undefined, hasToolCalls: boolean): FinishReason {
  if (status === 'incomplete') {
    return { unified: incompleteReason === 'content_filter' ? 'content-filter' : 'length', raw: incompleteReason ?? 'incomplete' };
  }
  if (status === 'failed') return { unified: 'error', raw: 'failed' };
  return { unified: hasToolCalls ? 'tool-calls' : 'stop', raw: status ?? undefined };
}

/** The canonical parts of one output item: message text, calls, reasoning summaries; other items stay raw. */
export function outputItemParts(item: ResponsesOutputItem): AssistantPart[] {
  switch (item.type) {
    case 'message': {
      const text = (item.content ?? []).map((part) => part.text ?? part.refusal ?? '').join('');
      return text === '' ? [] : [{ type: 'text', text }];
    }
    case 'function_call':
      return [{ type: 'tool-call', toolCallId: item.call_id ?? item.id ?? '', toolName: item.name ?? '', input: parseArgumentsText(item.arguments ?? '') }];
    case 'custom_tool_call':
      return [{ type: 'tool-call', toolCallId: item.call_id ?? item.id ?? '', toolName: item.name ?? '', input: { input: item.input ?? '' } }];
    case 'reasoning': {
      const text = (item.summary ?? []).map((part) => part.text ?? '').join('\n\n');
      return [{ type: 'reasoning', text }];
    }
    default:
      return [{ type: 'raw', format: 'openai-responses', value: item }];
  }
}

/**
 * A Responses API `response` body (text) → CanonicalResponse, for usage, health and the
 * canonical record of a passthrough answer (the client gets the body itself).
 */
export function convertResponsesResponse(bodyText: string, options: { requestedModel: string; target?: TargetRef }): CanonicalResponse {
  let json: unknown;
  try {
    json = JSON.parse(bodyText) as unknown;
  } catch (error) {
    throw new UpstreamResponseError('provider answered with a body that is not JSON', { cause: error, ...(options.target ? { target: options.target } : {}) });
  }
  const parsed = responsesResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw new UpstreamResponseError(`provider answered with an unexpected body: ${parsed.error.issues[0]?.message ?? 'invalid'}`, options.target ? { target: options.target } : {});
  }
  const body = parsed.data;
  const content = body.output.flatMap(outputItemParts);
  const hasToolCalls = content.some((part) => part.type === 'tool-call');
  return {
    id: body.id,
    modelId: body.model ?? options.requestedModel,
    content,
    finishReason: responsesFinishReason(body.status, body.incomplete_details?.reason, hasToolCalls),
    usage: convertResponsesUsage(body.usage),
    ...(body.created_at ? { providerMetadata: { openai: { created: body.created_at } } } : {}),
  };
}
