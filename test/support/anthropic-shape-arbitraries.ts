import fc from 'fast-check';
import { anyField, looseRecord, maybe, nullishNumberField as num, nullishStringField as str } from './shape-arbitraries.js';

/*
 * Generated values for the pieces `anthropic-shapes.ts` checks (usage, content blocks), shared by
 * the property tests of the message and the stream-event checks.
 */

/** An `anthropicUsageSchema`-like value. */
export const anthropicUsage = looseRecord({
  input_tokens: num,
  cache_creation_input_tokens: num,
  cache_read_input_tokens: num,
  output_tokens: num,
  output_tokens_details: looseRecord({ thinking_tokens: num }),
});

/** An `anthropicContentBlockSchema`-like value. */
export const anthropicContentBlock = looseRecord({
  type: maybe(fc.constantFrom('text', 'tool_use')),
  text: str,
  citations: maybe(fc.constantFrom(undefined, null, [])),
  thinking: str,
  signature: str,
  data: str,
  id: str,
  name: str,
  input: anyField,
});
