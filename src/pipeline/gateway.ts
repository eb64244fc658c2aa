import type { CanonicalRequest, StreamPart } from '../canonical/index.js';
import {
  GatewayError,
  ModelNotFoundError,
  NoHealthyTargetError,
  UpstreamHttpError,
  UpstreamResponseError,
  type AttemptRecord,
  type FailureClass,
  type TargetRef,
} from '../errors/index.js';
import type {
  AttemptContext,
  Credential,
  GenerateResult,
  InboundPassthrough,
  ProviderAdapter,
  UpstreamHeaders,
} from '../providers/provider-adapter.js';
import type { RouteTable, SelectedTarget } from '../routing/route-table.js';
import { dominantClass, statusForClass } from './failure-summary.js';

/** A provider ready for traffic: its adapter and its keys. */
export interface ProviderEntry {
  adapter: ProviderAdapter;
  credentials: Credential[];
  /** openai-compatible servers may run without a key. */
  keyOptional: boolean;
}

/** One client request as the pipeline sees it. */
export interface GatewayCall {
  request: CanonicalRequest;
  passthrough: InboundPassthrough;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/** Who answered, and after how many tries. */
export interface AnsweredBy {
  target: TargetRef;
  adapter: ProviderAdapter;
  /** Failed attempts before the one that answered. */
  failures: AttemptRecord[];
  /** The route pattern that matched. */
  route: string;
  /** True when the upstream speaks the client's format and its bytes may be passed through. */
  passthrough: boolean;
  headers: UpstreamHeaders;
}

export type GenerateOutcome = AnsweredBy & { result: GenerateResult };
/** `firstParts` were read ahead to be sure the stream really started; send them before `rest`. */
export type StreamOutcome = AnsweredBy & { firstParts: StreamPart[]; rest: AsyncIterator<StreamPart> };

/** Classes after which the same provider's next key may succeed. */
const KEY_SCOPED: ReadonlySet<FailureClass> = new Set(['auth', 'rate_limited', 'quota']);
/** Classes that no other target can fix: answer the client at once. */
const FINAL: ReadonlySet<FailureClass> = new Set(['invalid_request', 'context_too_long', 'client_cancelled']);

/**
 * Runs a request over its route: targets in order, and within a target its keys while the failure
 * is key-scoped. Returns the first success; throws the client's own error at once when retrying
 * elsewhere cannot help, else a NoHealthyTargetError listing every attempt.
 */
export class Gateway {
  constructor(
    readonly routes: RouteTable,
    readonly providers: ReadonlyMap<string, ProviderEntry>,
  ) {}

  /** Non-streaming generation with failover. */
  async generate(call: GatewayCall): Promise<GenerateOutcome> {
    return this.#run(call, async (entry, attempt) => {
      const result = await entry.adapter.doGenerate(call.request, attempt);
      return { value: result, headers: result.headers };
    }).then(({ value, answeredBy }) => ({ ...answeredBy, result: value }));
  }

  /**
   * Streaming generation with failover up to the first content: a stream that fails before it
   * produced anything the client would see is treated like a failed attempt.
   */
  async stream(call: GatewayCall): Promise<StreamOutcome> {
    return this.#run(call, async (entry, attempt) => {
      const started = await entry.adapter.doStream(call.request, attempt);
      const iterator = started.stream[Symbol.asyncIterator]();
      const firstParts = await readUntilContent(iterator);
      const last = firstParts.at(-1);
      if (last?.type === 'error') {
        throw last.error instanceof GatewayError ? last.error : new UpstreamResponseError('stream failed before any content', { cause: last.error });
      }
      return { value: { firstParts, rest: iterator }, headers: started.headers };
    }).then(({ value, answeredBy }) => ({ ...answeredBy, ...value }));
  }

  async #run<T>(
    call: GatewayCall,
    execute: (entry: ProviderEntry, attempt: AttemptContext) => Promise<{ value: T; headers: UpstreamHeaders }>,
  ): Promise<{ value: T; answeredBy: AnsweredBy }> {
    const match = this.routes.match(call.request.model);
    if (!match) throw new ModelNotFoundError(call.request.model, this.routes.patterns());
    const failures: AttemptRecord[] = [];
    for (const selected of match.targets) {
      const entry = this.providers.get(selected.provider);
      if (!entry) continue;
      for (const credential of credentialsToTry(entry)) {
        const attempt = this.#attemptContext(call, entry, selected, credential);
        const target: TargetRef = { provider: selected.provider, model: selected.model, ...(credential ? { key: credential.label } : {}) };
        if (!credential && !entry.keyOptional) {
          failures.push({ target, failureClass: 'auth', message: 'no API key configured', durationMs: 0 });
          break;
        }
        const startedAt = performance.now();
        try {
          const { value, headers } = await execute(entry, attempt);
          return {
            value,
            answeredBy: { target, adapter: entry.adapter, failures, route: match.pattern, passthrough: attempt.passthrough !== undefined, headers },
          };
        } catch (error) {
          const gatewayError = asGatewayError(error, target);
          const failureClass = gatewayError.failureClass ?? 'server';
          if (FINAL.has(failureClass) || call.signal.aborted) throw gatewayError;
          failures.push({
            target,
            failureClass,
            ...(gatewayError instanceof UpstreamHttpError ? { status: gatewayError.status } : {}),
            message: gatewayError.message.slice(0, 300),
            durationMs: Math.round(performance.now() - startedAt),
          });
          if (!KEY_SCOPED.has(failureClass)) break;
        }
      }
    }
    throw allFailed(failures);
  }

  #attemptContext(call: GatewayCall, entry: ProviderEntry, selected: SelectedTarget, credential: Credential | undefined): AttemptContext {
    return {
      model: selected.model,
      signal: call.signal,
      ...(credential ? { credential } : {}),
      ...(entry.adapter.wireFormat === call.passthrough.format ? { passthrough: call.passthrough } : {}),
    };
  }

  /** Stops every adapter's connection pool. */
  async close(): Promise<void> {
    await Promise.all([...this.providers.values()].map((entry) => entry.adapter.close()));
  }
}

function credentialsToTry(entry: ProviderEntry): Array<Credential | undefined> {
  return entry.credentials.length > 0 ? entry.credentials : [undefined];
}

/** Content-bearing part types: once one of these is read, the stream has really started. */
const CONTENT_PARTS: ReadonlySet<StreamPart['type']> = new Set([
  'text-start', 'text-delta', 'reasoning-start', 'reasoning-delta', 'tool-input-start', 'tool-input-delta', 'tool-call', 'finish', 'error',
]);

async function readUntilContent(iterator: AsyncIterator<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done) {
      parts.push({ type: 'error', error: new UpstreamResponseError('stream ended before any content') });
      return parts;
    }
    parts.push(next.value);
    if (CONTENT_PARTS.has(next.value.type)) return parts;
  }
}

function asGatewayError(error: unknown, target: TargetRef): GatewayError {
  if (error instanceof GatewayError) return error;
  return new UpstreamResponseError(`unexpected failure talking to ${target.provider}: ${error instanceof Error ? error.message : String(error)}`, { target, cause: error });
}

function allFailed(failures: AttemptRecord[]): GatewayError {
  if (failures.length === 0) {
    return new NoHealthyTargetError([], { statusCode: 503, failureClass: 'server', isRetryable: false });
  }
  const failureClass = dominantClass(failures);
  return new NoHealthyTargetError(failures, {
    statusCode: statusForClass(failureClass),
    failureClass,
    isRetryable: false,
  });
}
