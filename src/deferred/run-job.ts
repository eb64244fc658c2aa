import { isOutageFailure } from '../degrade/outage-failure.js';
import { renderGatewayError } from '../http/render-gateway-error.js';
import type { Gateway } from '../pipeline/gateway.js';
import type { InboundProtocol } from '../protocols/inbound-protocol.js';
import type { DeferredJob } from '../store/store.js';
import { protocolOfJob } from './job-protocol.js';

/** How one run of a job ended. */
export type JobRunResult =
  | { kind: 'answered'; status: 200; result: string; model: string; target: string; inputTokens?: number; outputTokens?: number }
  /** Every target failed for an outage again: the job goes back to the queue. */
  | { kind: 'outage'; message: string }
  /** A final failure (the request turned out invalid, a provider refused it for good): kept as the result. */
  | { kind: 'failed'; status: number; result: string; message: string };

/** The stored body as a plain (non-streaming) request: a deferred client reads one complete answer. */
function plainBody(body: Record<string, unknown>): Record<string, unknown> {
  const { stream: _stream, stream_options: _streamOptions, ...rest } = body;
  return rest;
}

/**
 * Runs a deferred job once through the gateway, with every resilience policy of its route, and
 * renders the answer in the job's protocol exactly as the handler would have (the provider's own
 * bytes when the formats match). A streaming request is answered as a non-streaming one.
 */
export async function runJob(gateway: Gateway, job: DeferredJob, signal: AbortSignal): Promise<JobRunResult> {
  const protocol: InboundProtocol = protocolOfJob(job);
  let body: Record<string, unknown>;
  try {
    body = plainBody(JSON.parse(job.body) as Record<string, unknown>);
    const request = { ...protocol.parseRequest(body), stream: false };
    const outcome = await gateway.generate({ request, signal, passthrough: { format: protocol.format, body, query: '', headers: {} }, noHedge: true });
    const rendered =
      outcome.passthrough && outcome.result.rawBody !== undefined ? outcome.result.rawBody : protocol.renderResponse(outcome.result.response, { requestedModel: request.model, request });
    const usage = outcome.result.response.usage;
    return {
      kind: 'answered',
      status: 200,
      // The provider's own bytes arrive as text; a rendered answer as an object.
      result: typeof rendered === 'string' ? rendered : JSON.stringify(rendered),
      model: request.model,
      target: `${outcome.target.provider}/${outcome.target.model}`,
      ...(usage.inputTokens.total !== undefined ? { inputTokens: usage.inputTokens.total } : {}),
      ...(usage.outputTokens.total !== undefined ? { outputTokens: usage.outputTokens.total } : {}),
    };
  } catch (error) {
    if (isOutageFailure(error)) return { kind: 'outage', message: error.message };
    if (signal.aborted) return { kind: 'outage', message: 'the run was stopped (the instance is shutting down)' };
    const rendered = renderGatewayError(protocol, error, job.id);
    return { kind: 'failed', status: rendered.status, result: JSON.stringify(rendered.body), message: error instanceof Error ? error.message : String(error) };
  }
}
