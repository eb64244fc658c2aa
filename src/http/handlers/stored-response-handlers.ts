import { InvalidRequestError, UnsupportedFeatureError } from '../../errors/index.js';
import { listedInputItems } from '../../protocols/openai-responses/conversation-items.js';
import type { KeptResponse } from '../../response-store/stored-responses.js';
import type { Handler, RequestContext } from '../request-context.js';
import { sendJson } from '../send-json.js';

/** `/v1/responses/{id}` or `/v1/responses/{id}/input_items` (also without `/v1`). */
const STORED_PATH = /^(?:\/v1)?\/responses\/([^/]+)(\/input_items)?$/;

/** The stored-response endpoint `path` names, if any: `{ id, inputItems }`. */
export function storedResponsePath(path: string): { id: string; inputItems: boolean } | undefined {
  const match = STORED_PATH.exec(path);
  if (!match) return undefined;
  return { id: decodeURIComponent(match[1]!), inputItems: match[2] !== undefined };
}

const NO_STORE = { 'cache-control': 'no-store' };

/** The response `id` names for this client key; the API's own 404 when there is none (or it is another key's). */
async function findOrFail(context: RequestContext, id: string): Promise<KeptResponse> {
  const found = await context.app.responses?.find(id, context.clientKey?.name);
  if (!found) throw notFound(id);
  return found;
}

function notFound(id: string): InvalidRequestError {
  return new InvalidRequestError(`Response with id '${id.slice(0, 100)}' not found.`, { statusCode: 404 });
}

function idOf(context: RequestContext): string {
  return storedResponsePath(context.pathname.replace(/\/$/, ''))!.id;
}

/**
 * `GET /v1/responses/{id}`: the Response object as it was returned. `include` changes nothing:
 * what was returned is what was kept (ask for `reasoning.encrypted_content` when creating).
 */
export const retrieveResponseHandler: Handler = async (context) => {
  const query = new URLSearchParams(context.query);
  if (query.get('stream') === 'true') throw new UnsupportedFeatureError('Lifeline does not replay stored responses as a stream: retrieve them without stream=true.', 'stream');
  const { response } = await findOrFail(context, idOf(context));
  sendJson(context.response, 200, response, NO_STORE);
};

/** `DELETE /v1/responses/{id}`: `{ id, object: "response", deleted: true }`. */
export const deleteResponseHandler: Handler = async (context) => {
  const id = idOf(context);
  if (!(await context.app.responses?.forget(id, context.clientKey?.name))) throw notFound(id);
  sendJson(context.response, 200, { id, object: 'response', deleted: true }, NO_STORE);
};

/** `GET /v1/responses/{id}/input_items`: a cursor page (`limit` 1–100, default 20; `order` desc by default; `after` an item id). */
export const listInputItemsHandler: Handler = async (context) => {
  const id = idOf(context);
  const query = new URLSearchParams(context.query);
  const limit = parseLimit(query.get('limit'));
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw new InvalidRequestError(`Invalid value for 'order': expected 'asc' or 'desc', got '${order.slice(0, 20)}'.`, { param: 'order' });
  const { input } = await findOrFail(context, id);
  const items = listedInputItems(id, input);
  if (order === 'desc') items.reverse();
  const after = query.get('after');
  const start = after === null ? 0 : items.findIndex((item) => item.id === after) + 1;
  if (after !== null && start === 0) throw new InvalidRequestError(`No input item with id '${after.slice(0, 100)}' in response '${id.slice(0, 100)}'.`, { param: 'after', statusCode: 404 });
  const data = items.slice(start, start + limit);
  sendJson(
    context.response,
    200,
    { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: start + limit < items.length },
    NO_STORE,
  );
};

function parseLimit(text: string | null): number {
  if (text === null) return 20;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new InvalidRequestError(`Invalid 'limit': expected an integer from 1 to 100, got '${text.slice(0, 20)}'.`, { param: 'limit' });
  return limit;
}
