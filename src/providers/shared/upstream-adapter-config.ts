import type { UpstreamTimeouts } from './upstream-client.js';
import type { UpstreamLimits } from './upstream-limits.js';

/** What every adapter that talks HTTP to a provider is configured with; each adapter adds its own. */
export interface UpstreamAdapterConfig {
  /** The provider's name in the configuration. */
  id: string;
  /** Where requests go; each adapter says what it appends. */
  baseUrl: string;
  /** Extra headers sent on every request. */
  headers?: Record<string, string>;
  timeouts?: Partial<UpstreamTimeouts>;
  /** How much of an answer to hold; default DEFAULT_UPSTREAM_LIMITS. */
  limits?: UpstreamLimits;
}
