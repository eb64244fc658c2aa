import { ModelNotFoundError } from '../../errors/index.js';
import { compileGlob, isGlob } from '../../routing/glob.js';
import type { AppServices, Handler, RequestContext } from '../request-context.js';
import { sendJson } from '../send-json.js';

/** Fixed date for models Lifeline lists: it cannot know when a routed name was released. */
const LISTED_AT = '2025-01-01T00:00:00Z';

/**
 * Model names the routes accept: exact route names, concrete target models, and the `models` a
 * provider declares that a glob route sends to it under the requested name.
 */
export function listAcceptedModels(app: AppServices): string[] {
  const names = new Set<string>();
  for (const route of app.config.routes) {
    if (!isGlob(route.pattern)) names.add(route.pattern);
    const matcher = isGlob(route.pattern) ? compileGlob(route.pattern) : undefined;
    for (const target of route.targets) {
      if (target.model !== '*') {
        if (app.routes.accepts(target.model)) names.add(target.model);
        continue;
      }
      for (const model of app.config.providers[target.provider]?.models ?? []) {
        if (matcher?.test(model)) names.add(model);
      }
    }
  }
  return [...names];
}

const wantsAnthropicShape = (context: RequestContext) => context.request.headers['anthropic-version'] !== undefined;

/** `GET /v1/models`: Anthropic's list shape when the caller sends `anthropic-version`, else OpenAI's. */
export const listModelsHandler: Handler = async (context) => {
  const names = listAcceptedModels(context.app);
  if (wantsAnthropicShape(context)) {
    sendJson(context.response, 200, {
      data: names.map(anthropicModel),
      has_more: false,
      first_id: names[0] ?? null,
      last_id: names.at(-1) ?? null,
    });
    return;
  }
  sendJson(context.response, 200, { object: 'list', data: names.map(openaiModel) });
};

/** `GET /v1/models/{id}`: any name a route accepts, globs included. */
export const getModelHandler: Handler = async (context) => {
  const id = decodeURIComponent(context.pathname.slice('/v1/models/'.length));
  if (!context.app.routes.accepts(id)) throw new ModelNotFoundError(id, context.app.routes.patterns());
  sendJson(context.response, 200, wantsAnthropicShape(context) ? anthropicModel(id) : openaiModel(id));
};

function anthropicModel(id: string) {
  return { type: 'model', id, display_name: id, created_at: LISTED_AT };
}

function openaiModel(id: string) {
  return { id, object: 'model', created: Date.parse(LISTED_AT) / 1000, owned_by: 'lifeline' };
}
