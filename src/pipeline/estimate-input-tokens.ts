import type { CanonicalRequest } from '../canonical/index.js';

/** Rough tokens per image when no provider can count: Anthropic's guide puts a 1092×1092 image at ~1600. */
const TOKENS_PER_FILE = 1600;
/** Per-message framing overhead (role markers), as both providers add a few tokens per turn. */
const TOKENS_PER_MESSAGE = 4;

/**
 * Estimates input tokens at about four characters per token. Used only when no target can count
 * exactly; the response says so in `x-lifeline-token-count: estimated`.
 */
export function estimateInputTokens(request: CanonicalRequest): number {
  let characters = 0;
  let files = 0;
  for (const message of request.messages) {
    characters += TOKENS_PER_MESSAGE * 4;
    for (const part of message.content) {
      switch (part.type) {
        case 'text':
        case 'reasoning':
          characters += part.text.length;
          break;
        case 'file':
          files += 1;
          break;
        case 'tool-call':
          characters += part.toolName.length + JSON.stringify(part.input ?? '').length;
          break;
        case 'tool-result':
          for (const output of part.output) {
            if (output.type === 'text') characters += output.text.length;
            else files += 1;
          }
          break;
        case 'raw':
          characters += JSON.stringify(part.value ?? '').length;
          break;
      }
    }
  }
  for (const tool of request.tools ?? []) characters += JSON.stringify(tool).length;
  return Math.max(1, Math.ceil(characters / 4) + files * TOKENS_PER_FILE);
}
