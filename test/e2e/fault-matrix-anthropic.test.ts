import { describe } from 'vitest';
import { describeFaultMatrix } from '../support/fault-matrix-suite.js';

// Every fault of the issue through the official Anthropic SDK (maxRetries 0), streaming and not; the
// primary speaks the client's format and the fallback the other one, so every failover translates.
describe('fault matrix through the Anthropic SDK', () => describeFaultMatrix('anthropic'));
