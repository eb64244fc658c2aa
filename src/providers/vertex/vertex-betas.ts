/**
 * `anthropic-beta` values Vertex AI answers with a 400 ("Unexpected value(s) `…` for the
 * `anthropic-beta` header"), as reported against Claude Code and the Agent SDK on Vertex
 * (anthropics/claude-code#12429, #34802; claude-agent-sdk-typescript#307), plus the features only
 * Anthropic's own API has (OAuth, the Files API, MCP connector, Agent Skills). The provider drops
 * exactly these; the simulator rejects exactly these.
 */
export const VERTEX_REJECTED_BETAS: ReadonlySet<string> = new Set([
  'web-search-2025-03-05',
  'effort-2025-11-24',
  'tool-search-tool-2025-10-19',
  'adaptive-thinking-2026-01-28',
  'oauth-2025-04-20',
  'files-api-2025-04-14',
  'mcp-client-2025-04-04',
  'mcp-client-2025-11-20',
  'skills-2025-10-02',
]);
