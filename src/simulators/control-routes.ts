import type { ServerResponse } from 'node:http';
import { awsCredentialsSchema, continuationBehaviourSchema, faultSpecSchema, refuseBodySchema, scriptRulesSchema } from './control-schemas.js';
import type { AwsTestCredential, SimulatorControl } from './types.js';

/** Used when `POST /_sim/refuse` gives no `ms`: nothing could call accept over HTTP while refused. */
const DEFAULT_REFUSE_MS = 1000;

/** Control operations the HTTP routes need beyond {@link SimulatorControl}. */
export interface ControlTarget extends SimulatorControl {
  /** Refuses connections for `ms` once `response` has been sent, then accepts again. */
  refuseAfterResponse(response: ServerResponse, ms: number): void;
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(text);
}

function invalid(response: ServerResponse, message: string): void {
  reply(response, 400, { error: { type: 'invalid_control_request', message } });
}

/** Answers `/_sim/*`: faults, script, continuation mode, recorded requests and refusing connections. */
export function handleControlRequest(
  method: string,
  path: string,
  body: unknown,
  response: ServerResponse,
  target: ControlTarget,
): void {
  const route = `${method} ${path}`;
  switch (route) {
    case 'POST /_sim/faults': {
      const parsed = faultSpecSchema.safeParse(body);
      if (!parsed.success) return invalid(response, parsed.error.message);
      target.addFault(parsed.data);
      return reply(response, 200, { ok: true });
    }
    case 'DELETE /_sim/faults':
      target.clearFaults();
      return reply(response, 200, { ok: true });
    case 'PUT /_sim/script': {
      const parsed = scriptRulesSchema.safeParse(body);
      if (!parsed.success) return invalid(response, parsed.error.message);
      target.setScript(parsed.data);
      return reply(response, 200, { ok: true, rules: parsed.data.length });
    }
    case 'PUT /_sim/continuation': {
      const parsed = continuationBehaviourSchema.safeParse(body);
      if (!parsed.success) return invalid(response, parsed.error.message);
      target.setContinuation(parsed.data);
      return reply(response, 200, { ok: true });
    }
    case 'PUT /_sim/aws-credentials': {
      const parsed = awsCredentialsSchema.safeParse(body);
      if (!parsed.success) return invalid(response, parsed.error.message);
      target.setAwsCredentials(
        parsed.data.map(({ accessKeyId, secretAccessKey, sessionToken, expired }): AwsTestCredential => ({
          accessKeyId,
          secretAccessKey,
          ...(sessionToken !== undefined ? { sessionToken } : {}),
          ...(expired !== undefined ? { expired } : {}),
        })),
      );
      return reply(response, 200, { ok: true, credentials: parsed.data.length });
    }
    case 'GET /_sim/requests':
      return reply(response, 200, target.requests());
    case 'DELETE /_sim/requests':
      target.clearRequests();
      return reply(response, 200, { ok: true });
    case 'POST /_sim/refuse': {
      const parsed = refuseBodySchema.safeParse(body ?? {});
      if (!parsed.success) return invalid(response, parsed.error.message);
      const ms = parsed.data.ms ?? DEFAULT_REFUSE_MS;
      reply(response, 200, { ok: true, ms });
      target.refuseAfterResponse(response, ms);
      return;
    }
    default:
      return reply(response, 404, { error: { type: 'not_found', message: `No control route ${route}` } });
  }
}
