import type { CanonicalRequest, StreamPart } from '../canonical/index.js';
import type { AttemptRecord, TargetRef } from '../errors/index.js';
import type { ContinuationMethod, InboundPassthrough, UpstreamHeaders } from '../providers/provider-adapter.js';
import type { ResilienceOptions } from '../resilience/resilience-options.js';
import type { ClientCancellation } from './client-cancellation.js';

/** One client request as the pipeline sees it. */
export interface GatewayCall {
  request: CanonicalRequest;
  passthrough: InboundPassthrough;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /**
   * The same client's leaving, when the caller tracks it with a {@link ClientCancellation} (the
   * HTTP handlers do, and give `signal` as a getter of its signal): the pipeline reads and links
   * this one, so the signal is built only if something needs it.
   */
  cancellation?: ClientCancellation;
  /** How long the client says it will wait (from its timeout header), when it says. */
  clientTimeoutMs?: number;
  /**
   * Never hedge this call: a deferred job has nobody waiting on its latency, and a hedge can make
   * two providers answer one job, which breaks "exactly once as seen by the provider".
   */
  noHedge?: true;
}

/** Who answered, and after how many tries. */
export interface AnsweredBy {
  target: TargetRef;
  /** Failed or skipped attempts before the one that answered. */
  failures: AttemptRecord[];
  /** The route pattern that matched. */
  route: string;
  /** True when the upstream speaks the client's format and its bytes may be passed through. */
  passthrough: boolean;
  headers: UpstreamHeaders;
}

/**
 * One target's stream, started: `firstParts` were read ahead to be sure it really started; send
 * them before `rest`. `continuation` says how a continuing target was asked to carry on.
 */
export interface StreamSegment extends AnsweredBy {
  firstParts: StreamPart[];
  rest: AsyncIterator<StreamPart[]>;
  continuation?: ContinuationMethod;
  /** The breaker the attempt went through (see ResilienceState.breakerKeyOf), which its end settles. */
  breakerKey: string;
  /** The route's resilience settings (the relay reads its continuation limits). */
  resilience: ResilienceOptions;
}
