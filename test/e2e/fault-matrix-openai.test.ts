import { describe } from 'vitest';
import { describeFaultMatrix } from '../support/fault-matrix-suite.js';

// Every fault of the issue through the official OpenAI SDK (maxRetries 0), streaming and not; the
// primary speaks the client's format and the fallback the other one, so every failover translates.
describe('fault matrix through the OpenAI SDK', () => describeFaultMatrix('openai'));
