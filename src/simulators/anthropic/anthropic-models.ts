/** Models an Anthropic simulator lists when none are configured (newest first). */
export const DEFAULT_ANTHROPIC_MODELS = ['claude-opus-4-7', 'claude-sonnet-4-6', 'claude-haiku-4-5'];

const NEWEST_RELEASE_MS = Date.parse('2026-04-16T00:00:00Z');
const DAY_MS = 86_400_000;

/** `claude-sonnet-4-6` → `Claude Sonnet 4.6`. */
export function displayName(id: string): string {
  const words: string[] = [];
  let version: string[] = [];
  const flushVersion = (): void => {
    if (version.length > 0) words.push(version.join('.'));
    version = [];
  };
  for (const part of id.split('-')) {
    if (/^\d{1,2}$/.test(part)) {
      version.push(part);
      continue;
    }
    flushVersion();
    words.push(part.charAt(0).toUpperCase() + part.slice(1));
  }
  flushVersion();
  return words.join(' ');
}

/** ModelInfo for the model at `position` in the list (release dates are illustrative, newest first). */
export function anthropicModelInfo(id: string, position: number): Record<string, unknown> {
  const createdAt = new Date(NEWEST_RELEASE_MS - position * 60 * DAY_MS).toISOString().replace('.000Z', 'Z');
  return { type: 'model', id, display_name: displayName(id), created_at: createdAt };
}

/** The `GET /v1/models` page for `limit` / `after_id` / `before_id`. */
export function anthropicModelsPage(models: readonly string[], query: URLSearchParams): Record<string, unknown> {
  const requestedLimit = Number(query.get('limit') ?? '20');
  const limit = Number.isFinite(requestedLimit) ? Math.min(1000, Math.max(1, Math.floor(requestedLimit))) : 20;
  const afterId = query.get('after_id');
  const beforeId = query.get('before_id');
  let start = 0;
  let end = models.length;
  if (afterId !== null) start = models.indexOf(afterId) + 1;
  if (beforeId !== null) {
    const beforeIndex = models.indexOf(beforeId);
    end = beforeIndex < 0 ? models.length : beforeIndex;
    start = Math.max(start, end - limit);
  }
  const ids = models.slice(start, Math.min(end, start + limit));
  const hasMore = beforeId !== null ? start > 0 : start + ids.length < end;
  return {
    data: ids.map((id) => anthropicModelInfo(id, models.indexOf(id))),
    has_more: hasMore,
    first_id: ids[0] ?? null,
    last_id: ids[ids.length - 1] ?? null,
  };
}
