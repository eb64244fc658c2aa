import type { InboundProtocol } from '../inbound-protocol.js';
import { parseAnthropicRequest } from './parse-request.js';
import { renderAnthropicError } from './render-error.js';
import { renderAnthropicResponse } from './render-response.js';
import { createAnthropicStreamRenderer } from './render-stream.js';

/** The Anthropic Messages API as an inbound protocol (`POST /v1/messages`). */
export const anthropicProtocol: InboundProtocol = {
  format: 'anthropic',
  parseRequest: parseAnthropicRequest,
  conversationMembers: ['messages', 'tools'],
  renderResponse: renderAnthropicResponse,
  createStreamRenderer: createAnthropicStreamRenderer,
  renderError: renderAnthropicError,
};
