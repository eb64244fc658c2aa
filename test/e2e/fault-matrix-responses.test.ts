import { describe } from 'vitest';
import { describeFaultMatrix } from '../support/fault-matrix-suite.js';

// Every fault of the issue on POST /v1/responses through the official OpenAI SDK (maxRetries 0),
// responses.create and responses.stream: the primary is the OpenAI simulator's Responses API
// (passthrough), the fallback the Anthropic simulator, so every failover translates.
describe('fault matrix through the OpenAI SDK on the Responses API', () => describeFaultMatrix('responses'));
