/**
 * Escape hatch for fields one wire format has and the canonical model does not (yet).
 * Keyed by wire format (`anthropic`, `openai`); each value is that format's own field names
 * and values, copied verbatim. An adapter reads only its own key; a translator never invents one.
 */
export type ProviderOptions = Record<string, Record<string, unknown>>;

/** Same shape as {@link ProviderOptions}, on the way out (response metadata a format carries). */
export type ProviderMetadata = Record<string, Record<string, unknown>>;
