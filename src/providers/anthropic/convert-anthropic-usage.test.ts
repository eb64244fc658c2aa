import { describe, expect, it } from 'vitest';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';

describe('convertAnthropicUsage', () => {
  it('totals input as uncached + cache reads + cache writes', () => {
    expect(convertAnthropicUsage({ input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 5, output_tokens: 7, output_tokens_details: { thinking_tokens: 3 } })).toMatchObject({
      inputTokens: { total: 115, noCache: 10, cacheRead: 100, cacheWrite: 5 },
      outputTokens: { total: 7, reasoning: 3 },
    });
  });

  it('leaves unreported counts undefined', () => {
    expect(convertAnthropicUsage(undefined)).toEqual({
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, reasoning: undefined },
    });
  });
});

describe('mergeAnthropicUsage', () => {
  it('overlays cumulative message_delta counts on the message_start usage, ignoring nulls', () => {
    const merged = mergeAnthropicUsage(
      { input_tokens: 24, cache_read_input_tokens: 0, output_tokens: 1 },
      { input_tokens: null, output_tokens: 23, cache_read_input_tokens: 4 },
    );
    expect(merged).toEqual({ input_tokens: 24, cache_read_input_tokens: 4, output_tokens: 23 });
    expect(mergeAnthropicUsage(undefined, undefined)).toBeUndefined();
  });
});
