/** How much of a provider's answer an adapter holds (the `limits:` block of the configuration). */
export interface UpstreamLimits {
  /** A non-streaming 2xx body. */
  maxResponseBytes: number;
  /** A non-2xx body: read this far, then classified from the status and what was read. */
  maxErrorBodyBytes: number;
  /** One server-sent event, every line of it. */
  maxSseEventBytes: number;
}

const MIB = 1024 * 1024;

/** The defaults of config/limits-config.ts. */
export const DEFAULT_UPSTREAM_LIMITS: UpstreamLimits = { maxResponseBytes: 64 * MIB, maxErrorBodyBytes: MIB, maxSseEventBytes: 16 * MIB };
