/**
 * The Vertex AI origin for a location, as Google's SDKs pick it: `global` and the `us`/`eu`
 * multi-regions have their own hosts; every other region is `https://{region}-aiplatform.googleapis.com`.
 */
export function vertexBaseUrl(region: string): string {
  switch (region) {
    case 'global':
      return 'https://aiplatform.googleapis.com';
    case 'us':
      return 'https://aiplatform.us.rep.googleapis.com';
    case 'eu':
      return 'https://aiplatform.eu.rep.googleapis.com';
    default:
      return `https://${region}-aiplatform.googleapis.com`;
  }
}

/** `/v1/projects/{project}/locations/{region}/publishers/{publisher}/models/{model}:{method}`. */
export function vertexModelPath(where: { project: string; region: string }, publisher: 'anthropic' | 'google', model: string, method: string): string {
  return `/v1/projects/${segment(where.project)}/locations/${segment(where.region)}/publishers/${publisher}/models/${segment(model)}:${method}`;
}

/** A path segment, escaped except `@` (Vertex model versions, `claude-sonnet-4-5@20250929`, as the SDKs send them). */
function segment(value: string): string {
  return encodeURIComponent(value).replaceAll('%40', '@');
}
