import type { InboundProtocol } from '../inbound-protocol.js';
import { parseOpenAIRequest } from './parse-request.js';
import { renderOpenAIError } from './render-error.js';
import { renderOpenAIResponse } from './render-response.js';
import { createOpenAIStreamRenderer } from './render-stream.js';

/** The OpenAI Chat Completions inbound protocol (`POST /v1/chat/completions`). */
export const openaiProtocol: InboundProtocol = {
  format: 'openai',
  parseRequest: parseOpenAIRequest,
  conversationMembers: ['messages', 'tools'],
  renderResponse: renderOpenAIResponse,
  createStreamRenderer: createOpenAIStreamRenderer,
  renderError: renderOpenAIError,
};
