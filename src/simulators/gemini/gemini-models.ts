/** Models the Gemini simulator lists and, with `strictModels`, accepts. */
export const DEFAULT_GEMINI_MODELS: readonly string[] = ['gemini-3-pro-preview', 'gemini-3-flash-preview', 'gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite'];

/** Vertex AI serves both publishers: Claude under its Vertex ids and Gemini. */
export const DEFAULT_VERTEX_MODELS: readonly string[] = ['claude-opus-4-6', 'claude-sonnet-4-6', 'claude-sonnet-4-5@20250929', 'claude-haiku-4-5@20251001', 'claude-opus-4-1@20250805', ...DEFAULT_GEMINI_MODELS];
