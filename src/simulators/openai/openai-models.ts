/** Models an OpenAI simulator lists when none are configured. */
export const DEFAULT_OPENAI_MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-5-mini'];

const NEWEST_CREATED_SECONDS = 1_722_814_719;

/** One `model` object (the `created` values are illustrative). */
export function openaiModelObject(id: string, position: number): Record<string, unknown> {
  return { id, object: 'model', created: NEWEST_CREATED_SECONDS - position * 86_400, owned_by: 'system' };
}

/** The `GET /v1/models` body (the API has no pagination here). */
export function openaiModelsList(models: readonly string[]): Record<string, unknown> {
  return { object: 'list', data: models.map((id, position) => openaiModelObject(id, position)) };
}
