import { bearerKey } from '../api-key.js';
import { answerAnthropicCall } from '../anthropic/anthropic-handler.js';
import { anthropicErrorResponse } from '../anthropic/anthropic-errors.js';
import { hasField, stringField } from '../body-fields.js';
import { sendJson, type Exchange } from '../exchange.js';
import { answerGeminiCall, splitModelMethod } from '../gemini/gemini-handler.js';
import { googleErrorResponse, type GoogleErrorOptions } from '../gemini/google-errors.js';
import { randomBase62 } from '../random-id.js';
import type { SimulatorContext } from '../simulator-context.js';
import { VERTEX_REJECTED_BETAS } from '../../providers/vertex/vertex-betas.js';
import type { GoogleTokenStore, TokenRefusal } from './google-token-store.js';

/** What the Vertex simulator knows besides the shared context. */
export interface VertexSimulatorState {
  tokens: GoogleTokenStore;
  /** Projects the caller may use; undefined = any. */
  projects: ReadonlySet<string> | undefined;
}

const MODEL_PATH = /^\/v1(?:beta1)?\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/(anthropic|google)\/models\/([^/]+)$/;
const METADATA_PREFIX = '/computeMetadata/v1/';

const REFUSAL_MESSAGES: Record<TokenRefusal, string> = {
  CREDENTIALS_MISSING: 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  ACCESS_TOKEN_EXPIRED: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  ACCESS_TOKEN_TYPE_UNSUPPORTED: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
};

/**
 * Answers one request the way Vertex AI (and Google's token endpoint and metadata server) would:
 * `POST /token` exchanges a service-account JWT for a short-lived bearer token; the metadata server
 * hands one out to `Metadata-Flavor: Google` callers; model calls need a live bearer token, a
 * permitted project, and then speak Claude (`publishers/anthropic`, `:rawPredict` /
 * `:streamRawPredict`, `anthropic_version` in the body) or Gemini (`publishers/google`).
 */
export async function handleVertexRequest(exchange: Exchange, context: SimulatorContext, state: VertexSimulatorState): Promise<void> {
  const { response, request } = exchange;
  const googleFail = (status: number, options: GoogleErrorOptions): void => {
    const error = googleErrorResponse(status, options);
    sendJson(response, error.status, error.headers, error.body);
  };
  if (exchange.method === 'POST' && exchange.path === '/token') {
    const answer = state.tokens.exchangeAssertion(exchange.bodyText ?? '');
    return sendJson(response, answer.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' }, JSON.stringify(answer.body));
  }
  if (exchange.method === 'GET' && exchange.path.startsWith(METADATA_PREFIX)) return answerMetadata(exchange, state);

  const match = MODEL_PATH.exec(exchange.path);
  if (!match) return googleFail(404, { message: 'The requested URL was not found on this server.' });
  const [, project, location, publisher, segment] = match as unknown as [string, string, string, 'anthropic' | 'google', string];
  const token = bearerKey(request.headers);
  const refusal = state.tokens.check(token);
  if (refusal) return googleFail(401, { message: REFUSAL_MESSAGES[refusal], reason: refusal });
  const resource = `//aiplatform.googleapis.com/projects/${project}/locations/${location}/publishers/${publisher}/models/${segment.split(':')[0]}`;
  if (state.projects && !state.projects.has(project)) {
    return googleFail(403, { message: `Permission 'aiplatform.endpoints.predict' denied on resource '${resource}' (or it may not exist).`, reason: 'IAM_PERMISSION_DENIED' });
  }
  if (publisher === 'google') {
    const call = splitModelMethod(segment);
    if (exchange.method !== 'POST' || !call) return googleFail(404, { message: 'The requested URL was not found on this server.' });
    return answerGeminiCall(exchange, context, { ...call, key: token!, notFound: `Publisher Model \`projects/${project}/locations/${location}/publishers/google/models/${call.model}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions` });
  }
  return answerClaude(exchange, context, { segment, token: token!, project, location });
}

/** `…/publishers/anthropic/models/{model}:rawPredict|streamRawPredict`, and `count-tokens:rawPredict`. */
async function answerClaude(exchange: Exchange, context: SimulatorContext, where: { segment: string; token: string; project: string; location: string }): Promise<void> {
  const requestId = `req_vrtx_011C${randomBase62(20)}`;
  const fail = (status: number, message: string): void => {
    const error = anthropicErrorResponse(status, requestId, { message });
    sendJson(exchange.response, error.status, error.headers, error.body);
  };
  const colon = where.segment.lastIndexOf(':');
  const model = decodeURIComponent(where.segment.slice(0, colon));
  const method = where.segment.slice(colon + 1);
  if (exchange.method !== 'POST' || (method !== 'rawPredict' && method !== 'streamRawPredict')) return fail(404, 'Not Found');
  const betas = headerList(exchange.request.headers['anthropic-beta']);
  const rejected = betas.filter((beta) => VERTEX_REJECTED_BETAS.has(beta));
  if (rejected.length > 0) {
    return fail(400, `Unexpected value(s) ${rejected.map((beta) => `\`${beta}\``).join(', ')} for the \`anthropic-beta\` header. Please consult our documentation at docs.anthropic.com or try again without the header.`);
  }
  const body = exchange.body;
  const version = stringField(body, 'anthropic_version');
  if (body !== undefined && !version) return fail(400, 'anthropic_version: Field required');
  const countTokens = model === 'count-tokens';
  if (!countTokens && hasField(body, 'model')) return fail(400, 'model: Extra inputs are not permitted');
  if (countTokens && !hasField(body, 'model')) return fail(400, 'model: Field required');
  // From here on the call is the Messages API's own: the model goes back in the body.
  const { anthropic_version: _version, ...rest } = (body ?? {}) as Record<string, unknown>;
  const messagesBody = countTokens ? rest : { ...rest, model, ...(method === 'streamRawPredict' ? { stream: true } : {}) };
  return answerAnthropicCall({ ...exchange, body: body === undefined ? undefined : messagesBody }, context, {
    route: { kind: countTokens ? 'count-tokens' : 'messages' },
    key: where.token,
    requestId,
    version: version ?? 'vertex-2023-10-16',
  });
}

/** The GCE metadata server's token, project and ping answers (`Metadata-Flavor: Google` required both ways). */
function answerMetadata(exchange: Exchange, state: VertexSimulatorState): void {
  const headers = { 'metadata-flavor': 'Google', 'content-type': 'application/json' };
  if (exchange.request.headers['metadata-flavor'] !== 'Google') {
    return sendJson(exchange.response, 403, { 'content-type': 'text/html; charset=UTF-8' }, 'Missing required header: Metadata-Flavor');
  }
  const path = exchange.path.slice(METADATA_PREFIX.length);
  if (path === 'instance/service-accounts/default/token') return sendJson(exchange.response, 200, headers, JSON.stringify(state.tokens.issue('metadata')));
  if (path === 'project/project-id') return sendJson(exchange.response, 200, { ...headers, 'content-type': 'application/text' }, [...(state.projects ?? ['sim-project'])][0]!);
  if (path === 'instance' || path === 'instance/' || path === '') return sendJson(exchange.response, 200, { ...headers, 'content-type': 'application/text' }, 'attributes/\nhostname\nid\nservice-accounts/\n');
  return sendJson(exchange.response, 404, { ...headers, 'content-type': 'text/html' }, 'Not Found');
}

function headerList(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.split(',').map((item) => item.trim()).filter((item) => item !== '');
}
