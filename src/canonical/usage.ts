/**
 * Token usage. Input totals include cache reads and writes (OpenAI's convention); Anthropic's
 * `input_tokens` is `noCache`. Every count is undefined when the provider did not report it.
 */
export interface Usage {
  inputTokens: {
    /** All prompt tokens, cached or not. */
    total: number | undefined;
    /** Tokens neither read from nor written to a cache. */
    noCache: number | undefined;
    cacheRead: number | undefined;
    cacheWrite: number | undefined;
  };
  outputTokens: {
    /** All generated tokens, reasoning included. */
    total: number | undefined;
    reasoning: number | undefined;
  };
  /** The provider's usage object as sent, for passthrough and accounting. */
  raw?: unknown;
}

/** A usage with nothing reported. */
export function emptyUsage(): Usage {
  return {
    inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: undefined, reasoning: undefined },
  };
}

function addCounts(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
}

/** Sums two usages, e.g. the parts of a stream continued on another target. */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: {
      total: addCounts(a.inputTokens.total, b.inputTokens.total),
      noCache: addCounts(a.inputTokens.noCache, b.inputTokens.noCache),
      cacheRead: addCounts(a.inputTokens.cacheRead, b.inputTokens.cacheRead),
      cacheWrite: addCounts(a.inputTokens.cacheWrite, b.inputTokens.cacheWrite),
    },
    outputTokens: {
      total: addCounts(a.outputTokens.total, b.outputTokens.total),
      reasoning: addCounts(a.outputTokens.reasoning, b.outputTokens.reasoning),
    },
  };
}
