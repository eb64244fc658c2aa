import type { CanonicalRequest, StreamPart } from '../../canonical/index.js';
import { UpstreamHttpError, UpstreamResponseError, type TargetRef } from '../../errors/index.js';
import type { AttemptContext, GenerateResult, StreamResult } from '../provider-adapter.js';
import { withCanonicalContinuation } from '../shared/continuation-instruction.js';
import { convertEventBatches } from '../shared/convert-event-batches.js';
import { pickForwardableHeaders } from '../shared/forwardable-headers.js';
import { limitStreamDuration } from '../shared/limit-stream-duration.js';
import { mapTransportError } from '../shared/map-transport-error.js';
import type { UpstreamResponse } from '../shared/upstream-client.js';
import { isClaudeModelId } from './bedrock-api.js';
import type { BedrockTransport } from './bedrock-transport.js';
import { converseResponseSchema } from './converse-api-schemas.js';
import { convertConverseResponse } from './convert-converse-response.js';
import { createConverseStreamConverter } from './convert-converse-stream.js';
import { convertToConverseRequest } from './convert-to-converse-request.js';
import { readBedrockEvents } from './read-bedrock-event-stream.js';

/** The Converse half of a Bedrock provider: generation and streaming for models without a Messages API. */
export interface ConverseCalls {
  doGenerate(request: CanonicalRequest, attempt: AttemptContext, target: TargetRef): Promise<GenerateResult>;
  doStream(request: CanonicalRequest, attempt: AttemptContext, target: TargetRef): Promise<StreamResult>;
  /** The Converse body of a request, for CountTokens' `input.converse`. */
  body(request: CanonicalRequest, attempt: AttemptContext): Record<string, unknown>;
}

/**
 * Converse and ConverseStream on Bedrock: every request is translated from canonical (the body is
 * model-neutral; see convert-to-converse-request.ts), the stream's event-stream frames are read
 * into canonical parts. A continuation sends the cut answer as the assistant's turn and asks to go
 * on from its last words (`instruction`): not every Converse model accepts a trailing assistant turn.
 */
export function createConverseCalls(transport: BedrockTransport): ConverseCalls {
  function body(request: CanonicalRequest, attempt: AttemptContext): Record<string, unknown> {
    const continued = attempt.continuation ? withCanonicalContinuation(request, attempt.continuation.assistantText) : request;
    return convertToConverseRequest(continued, { claude: isClaudeModelId(attempt.model), modelId: attempt.model });
  }

  return {
    body,

    async doGenerate(request, attempt, target) {
      const response = await transport.post('converse', body(request, attempt), attempt, target);
      const answer = await transport.readJson(response, attempt, target, 'Converse', converseResponseSchema);
      return { response: convertConverseResponse(answer, { id: responseId(response), modelId: attempt.model }), headers: pickForwardableHeaders(response.headers) };
    },

    async doStream(request, attempt, target) {
      const response = await transport.post('converse-stream', body(request, attempt), attempt, target);
      limitStreamDuration(response.body, transport.timeouts.streamMaxMs, target);
      return {
        stream: streamParts(response, attempt, target),
        headers: pickForwardableHeaders(response.headers),
        ...(attempt.continuation ? { continuation: 'instruction' as const } : {}),
      };
    },
  };

  /** Event-stream messages → canonical parts, one array per read; a failed read becomes an `error` part. */
  async function* streamParts(upstream: UpstreamResponse, attempt: AttemptContext, target: TargetRef): AsyncGenerator<StreamPart[]> {
    const converter = createConverseStreamConverter({ id: responseId(upstream), modelId: attempt.model, target, malformedEvents: attempt.malformedEvents });
    const batches = readBedrockEvents(upstream.body, { maxEventBytes: transport.limits.maxSseEventBytes, target });
    try {
      yield* convertEventBatches(batches, converter, {
        mapReadError: (error) =>
          error instanceof UpstreamHttpError || error instanceof UpstreamResponseError ? error : mapTransportError(error, { target, timeouts: transport.timeouts, signal: attempt.signal }),
      });
    } finally {
      // An exception frame or an early stop leaves the rest of the body unread.
      upstream.body.destroy();
    }
  }
}

/** Converse names no response id: AWS's request id stands in. */
function responseId(response: UpstreamResponse): string {
  return response.headers['x-amzn-requestid'] ?? `bedrock-${Date.now().toString(36)}`;
}
