import type { FailureClass } from '../../src/errors/index.js';
import type { ResilienceOverride } from '../../src/resilience/resilience-options.js';
import type { ContinuationBehaviour, FaultSpec, ScriptRule, SimulatorFormat } from '../../src/simulators/index.js';
import { startResilienceStack, type ResilienceStack } from './resilience-stack.js';
import type { SdkClient } from './sdk-observation.js';

/** What both simulators answer; a client must see exactly this, however the answer was put together. */
export const SCRIPT_TEXT =
  'Lifeline answered this through the outage: fourteen words arrive once, in order, with nothing lost or repeated.';

const SCRIPT: ScriptRule[] = [{ reply: { text: SCRIPT_TEXT } }];

/** Stream events written before a mid-stream fault: message/role start, then a few text deltas. */
const AFTER_EVENTS = 5;

/** Longest silence inside a stream before Lifeline gives up on it, in the matrix settings. */
export const MATRIX_IDLE_MS = 500;

/** Longest wait for a stream's first content once its headers arrived, in the matrix settings. */
export const MATRIX_FIRST_TOKEN_MS = 800;

/**
 * Short timeouts and backoff so stalls and retries resolve in well under a second, and a retry
 * budget that never runs dry inside one test.
 */
export const MATRIX_RESILIENCE: ResilienceOverride = {
  timeouts: { connect_ms: 1_000, first_byte_ms: 500, first_token_ms: MATRIX_FIRST_TOKEN_MS, idle_ms: MATRIX_IDLE_MS, total_ms: 20_000 },
  retries: { base_backoff_ms: 5, max_backoff_ms: 20, min_retries_per_window: 50 },
};

/** The keys Lifeline holds for the primary: the first is revoked at the provider when a case says so. */
export const PRIMARY_KEYS = { revoked: 'sk-primary-secret-revoked-7f3a91', valid: 'sk-primary-secret-valid-2c8e54' } as const;
export const FALLBACK_KEY = 'sk-fallback-secret-5d0b17';

/** Route names and targets of the matrix stack for one client SDK. */
export interface MatrixRoute {
  /** The client model name. */
  model: string;
  primaryTarget: string;
  fallbackTarget: string;
  primaryModel: string;
  fallbackModel: string;
  /** Format of the fallback simulator (the other format than the client's: every failover translates). */
  fallbackFormat: 'anthropic' | 'openai';
}

/** The simulator format that speaks the client's API (the OpenAI simulator has the Responses API). */
export function primaryFormatOf(client: SdkClient): SimulatorFormat {
  return client === 'anthropic' ? 'anthropic' : 'openai';
}

/** The client speaks its own format to the primary; the fallback speaks the other one. */
export function matrixRoute(client: SdkClient): MatrixRoute {
  const primaryModel = client === 'anthropic' ? 'claude-main' : 'gpt-main';
  const fallbackModel = client === 'anthropic' ? 'gpt-backup' : 'claude-backup';
  return {
    model: client === 'anthropic' ? 'claude-matrix' : 'gpt-matrix',
    primaryTarget: `primary/${primaryModel}`,
    fallbackTarget: `fallback/${fallbackModel}`,
    primaryModel,
    fallbackModel,
    fallbackFormat: client === 'anthropic' ? 'openai' : 'anthropic',
  };
}

/** How the matrix's fallback model behaves when asked to continue a cut answer. */
export interface MatrixFallback {
  continuation?: ContinuationBehaviour;
  /**
   * Lifeline tries prefill on it: always for an Anthropic fallback; an OpenAI-format one is then
   * configured as openai-compatible with `assistantPrefill: trailing-assistant`.
   */
  prefill?: boolean;
}

/** Options of {@link startMatrixStack}. */
export interface MatrixStackOptions {
  revokeFirstPrimaryKey?: boolean;
  resilience?: ResilienceOverride;
  fallback?: MatrixFallback;
  /** Other top-level config blocks (health probes, ...). */
  config?: Record<string, unknown>;
}

/** Starts `primary` (the client's format) and `fallback` (the other) behind Lifeline with the matrix settings. */
export function startMatrixStack(client: SdkClient, options: MatrixStackOptions = {}): Promise<ResilienceStack> {
  const route = matrixRoute(client);
  const prefilledOpenAI = options.fallback?.prefill === true && route.fallbackFormat === 'openai';
  return startResilienceStack({
    providers: [
      {
        name: 'primary',
        simulator: { format: primaryFormatOf(client), script: SCRIPT, chunkCount: 12, ...(options.revokeFirstPrimaryKey ? { keys: [PRIMARY_KEYS.valid] } : {}) },
        keys: options.revokeFirstPrimaryKey ? [PRIMARY_KEYS.revoked, PRIMARY_KEYS.valid] : [PRIMARY_KEYS.valid],
      },
      {
        name: 'fallback',
        simulator: { format: route.fallbackFormat, script: SCRIPT, chunkCount: 12, ...(options.fallback?.continuation ? { continuation: options.fallback.continuation } : {}) },
        keys: [FALLBACK_KEY],
        ...(prefilledOpenAI ? { type: 'openai-compatible' as const, extra: { quirks: { assistantPrefill: 'trailing-assistant', requireKey: true } } } : {}),
      },
    ],
    routes: { [route.model]: [route.primaryTarget, route.fallbackTarget] },
    resilience: { ...MATRIX_RESILIENCE, ...options.resilience },
    ...(options.config ? { config: options.config } : {}),
  });
}

/** What a case should end in for one client and mode. */
export type MatrixOutcome =
  /** The primary failed before any output, these classes in order; the fallback answered the whole request. */
  | { kind: 'failover'; primaryFailures: FailureClass[] }
  /** Output had reached the client: the stream was continued on the fallback (headers still name the primary). */
  | { kind: 'continuation' }
  /** The primary's answer got through whole despite the fault (a malformed frame skipped): the fallback was not asked. */
  | { kind: 'absorbed' };

/** One fault of the matrix, applied persistently to the primary simulator. */
export interface FaultCase {
  name: string;
  fault: FaultSpec;
  expected(client: SdkClient, stream: boolean): MatrixOutcome;
  /** Slowest acceptable call (stalls wait for a timeout). */
  maxDurationMs: number;
  /** How the fallback model behaves; default: it continues exactly. */
  fallback?: MatrixFallback;
  /** Requests the fallback gets for a continuation (default 1; 2 when it refuses the prefill first). */
  continuationRequests?: (client: SdkClient) => number;
}

const failover = (...primaryFailures: FailureClass[]): MatrixOutcome => ({ kind: 'failover', primaryFailures });
const continuation: MatrixOutcome = { kind: 'continuation' };
const absorbed: MatrixOutcome = { kind: 'absorbed' };
/** A fault with no output before it fails over in both modes. */
const always = (outcome: MatrixOutcome) => () => outcome;
/** A stream fault after output: continued when streaming; the non-stream reading fails over. */
const midStream = (nonStream: (client: SdkClient) => MatrixOutcome) => (client: SdkClient, stream: boolean) => (stream ? continuation : nonStream(client));

/**
 * The fault list, each with the move the failure-class table (src/errors/failure-class.ts) prescribes: overloaded and
 * server failures get one same-target retry, everything else moves on at once; a break after output
 * continues the stream rather than starting over.
 */
export const FAULT_CASES: FaultCase[] = [
  {
    name: '429 with retry-after',
    fault: { kind: 'status', status: 429, retryAfterSeconds: 1, persistent: true },
    expected: always(failover('rate_limited')),
    maxDurationMs: 3_000,
  },
  { name: '529 overloaded', fault: { kind: 'status', status: 529, persistent: true }, expected: always(failover('overloaded', 'overloaded')), maxDurationMs: 3_000 },
  { name: '500 server error', fault: { kind: 'status', status: 500, persistent: true }, expected: always(failover('server', 'server')), maxDurationMs: 3_000 },
  { name: '503 unavailable', fault: { kind: 'status', status: 503, persistent: true }, expected: always(failover('overloaded', 'overloaded')), maxDurationMs: 3_000 },
  { name: 'reset before headers', fault: { kind: 'reset-before-headers', persistent: true }, expected: always(failover('network')), maxDurationMs: 3_000 },
  {
    name: 'reset mid-stream',
    fault: { kind: 'reset-mid-stream', afterEvents: AFTER_EVENTS, persistent: true },
    // Non-streaming: headers promise a body that is cut half-way.
    expected: midStream(() => failover('network')),
    maxDurationMs: 3_000,
  },
  {
    name: 'error event mid-stream',
    fault: { kind: 'error-event', afterEvents: AFTER_EVENTS, persistent: true },
    // Non-streaming, the same error arrives as a status: Anthropic's overloaded_error is a 529, OpenAI's server_error a 500.
    expected: midStream((client) => (client === 'anthropic' ? failover('overloaded', 'overloaded') : failover('server', 'server'))),
    maxDurationMs: 3_000,
  },
  { name: 'stall before first byte', fault: { kind: 'stall-before-first-byte', persistent: true }, expected: always(failover('timeout')), maxDurationMs: 4_000 },
  {
    name: 'stall mid-stream',
    fault: { kind: 'stall-mid-stream', afterEvents: AFTER_EVENTS, persistent: true },
    expected: midStream(() => failover('timeout')),
    maxDurationMs: 4_000,
  },
  {
    name: 'malformed SSE',
    fault: { kind: 'malformed-sse', afterEvents: AFTER_EVENTS, persistent: true },
    // Non-streaming: a 200 whose JSON body is cut off.
    expected: midStream(() => failover('server', 'server')),
    maxDurationMs: 3_000,
  },
  { name: 'invalid JSON body', fault: { kind: 'malformed-json', persistent: true }, expected: always(failover('server', 'server')), maxDurationMs: 3_000 },
  // Issue 16: what real models and providers do, which the simulators used not to.
  {
    name: 'reset mid-stream, and the fallback answers the whole question again',
    fault: { kind: 'reset-mid-stream', afterEvents: AFTER_EVENTS, persistent: true },
    fallback: { continuation: { mode: 'ignore-instruction' } },
    expected: midStream(() => failover('network')),
    maxDurationMs: 3_000,
  },
  {
    name: 'reset mid-stream, and the fallback refuses the prefill (then repeats the answer)',
    fault: { kind: 'reset-mid-stream', afterEvents: AFTER_EVENTS, persistent: true },
    fallback: { continuation: { mode: 'reject-prefill' }, prefill: true },
    expected: midStream(() => failover('network')),
    continuationRequests: () => 2,
    maxDurationMs: 3_000,
  },
  {
    name: 'reset mid-stream, and the fallback repeats the last words',
    // Later than the others: enough words are out that six of them are a tail, not the whole.
    fault: { kind: 'reset-mid-stream', afterEvents: AFTER_EVENTS + 5, persistent: true },
    fallback: { continuation: { mode: 'repeat-tail', repeatTailWords: 6 } },
    expected: midStream(() => failover('network')),
    maxDurationMs: 3_000,
  },
  {
    name: 'one malformed frame in an otherwise good stream',
    fault: { kind: 'malformed-frame', afterEvents: AFTER_EVENTS, persistent: true },
    // Skipped and counted; without a stream (no frames) the answer is simply whole.
    expected: always(absorbed),
    maxDurationMs: 3_000,
  },
  {
    name: 'slow first token: headers and keep-alives, no content',
    fault: { kind: 'slow-first-token', ms: 5_000, keepAliveMs: 100, persistent: true },
    // Streaming: first_token_ms runs out; without a stream the answer is late: first_byte_ms does.
    expected: always(failover('timeout')),
    maxDurationMs: 4_000,
  },
];
