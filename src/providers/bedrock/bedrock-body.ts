/** The version Bedrock's Anthropic Messages body carries instead of the `anthropic-version` header. */
export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/**
 * Betas Bedrock's InvokeModel accepts for Claude (AWS's "Anthropic Claude Messages API" page,
 * and what Bedrock answered in public reports). Any other beta makes Bedrock refuse the whole
 * request with `400 invalid beta flag`, so it is dropped rather than sent: `oauth-2025-04-20`,
 * `files-api-2025-04-14`, `mcp-client-*`, `code-execution-*`, `web-fetch-*`, `skills-*`,
 * `prompt-caching-scope-*`, `fast-mode-*`, `redact-thinking-*`, `extended-cache-ttl-*`, ...
 */
export const BEDROCK_BETAS: ReadonlySet<string> = new Set([
  'claude-code-20250219',
  'computer-use-2024-10-22',
  'computer-use-2025-01-24',
  'computer-use-2025-11-24',
  'token-efficient-tools-2025-02-19',
  'interleaved-thinking-2025-05-14',
  'output-128k-2025-02-19',
  'dev-full-thinking-2025-05-14',
  'context-1m-2025-08-07',
  'context-management-2025-06-27',
  'effort-2025-11-24',
  'tool-search-tool-2025-10-19',
  'tool-examples-2025-10-29',
  'structured-outputs-2025-12-15',
]);

/**
 * Top-level Messages fields only Anthropic's own API serves; Bedrock rejects the body
 * ("extraneous key … is not permitted") if they are present. `model` and `stream` are in the
 * path instead.
 */
const NOT_ON_BEDROCK = ['model', 'stream', 'service_tier', 'container', 'mcp_servers', 'inference_geo'];

/**
 * An Anthropic Messages body → the body InvokeModel takes for the same request: the model and
 * `stream` move to the path, `anthropic_version` is Bedrock's, betas (the client's
 * `anthropic-beta` header and any `anthropic_beta` already in the body) travel as
 * `anthropic_beta` with only those Bedrock knows. Everything else, thinking blocks with their
 * signatures, `cache_control` and tools included, goes through as it is.
 */
export function toBedrockBody(body: Record<string, unknown>, betaHeader: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) if (!NOT_ON_BEDROCK.includes(field)) out[field] = value;
  out['anthropic_version'] = BEDROCK_ANTHROPIC_VERSION;
  const fromBody = Array.isArray(body['anthropic_beta']) ? body['anthropic_beta'].filter((beta): beta is string => typeof beta === 'string') : [];
  const fromHeader = betaHeader ? betaHeader.split(',').map((beta) => beta.trim()) : [];
  const betas = [...new Set([...fromBody, ...fromHeader])].filter((beta) => BEDROCK_BETAS.has(beta));
  if (betas.length > 0) out['anthropic_beta'] = betas;
  else delete out['anthropic_beta'];
  return out;
}
