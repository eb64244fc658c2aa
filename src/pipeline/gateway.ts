import type { StreamPart } from '../canonical/index.js';
import { LifelineError, ModelNotFoundError, NoHealthyTargetError, UpstreamResponseError, UpstreamTimeoutError, type AttemptRecord, type TargetRef } from '../errors/index.js';
import type { AttemptContext, Credential, GenerateResult, ProviderAdapter } from '../providers/provider-adapter.js';
import { acceptsPassthrough } from '../providers/provider-adapter.js';
import { hedgeDelayMs } from '../resilience/hedge-delay.js';
import type { ResilienceOptions } from '../resilience/resilience-options.js';
import type { RouteMatch, RouteTable, SelectedTarget } from '../routing/route-table.js';
import { GatewayEvents } from '../observability/gateway-events.js';
import { startDeadline, type Deadline } from './deadline.js';
import { estimateInputTokens } from './estimate-input-tokens.js';
import { allTargetsFailed } from './failure-summary.js';
import { hedge } from './hedge.js';
import { linkSignals } from './link-signals.js';
import { latencyKey, type ResilienceState } from './resilience-state.js';
import type { AnsweredBy, GatewayCall, StreamSegment } from './gateway-call.js';
import { settleStream, type AttemptEnding } from './record-attempt.js';
import { relayStream, type BatchSink, type RelayEvents, type RelayPipeline } from './stream-relay.js';
import { runTarget, type AttemptExecutor, type TargetRunResult } from './target-runner.js';

/** A provider ready for traffic: its adapter and its keys. */
export interface ProviderEntry {
  adapter: ProviderAdapter;
  credentials: Credential[];
  /** openai-compatible servers may run without a key. */
  keyOptional: boolean;
  /**
   * False for a model the provider has no id for (a cloud asked, through `provider/*`, for a
   * model outside its `model_map` and the Claude table): such a target is skipped unsent.
   * Default: every model.
   */
  knowsModel?(model: string): boolean;
}

export type GenerateOutcome = AnsweredBy & { result: GenerateResult };

/**
 * A streamed answer: who started it, and `relay`, which hands every part the client is to get to
 * `send`, continuations on other targets included (see stream-relay.ts), and resolves when the
 * stream is over (or `send` said the client is gone). Each attempt's verdict is recorded as its
 * part ends. Call `relay` once.
 */
export type StreamAnswer = AnsweredBy & { relay(send: BatchSink): Promise<void> };


/** The work of one attempt, with the route's settings. */
type RouteExecutor<T> = (adapter: ProviderAdapter, attempt: AttemptContext, settings: ResilienceOptions) => ReturnType<AttemptExecutor<T>>;

/**
 * One request's search for someone to answer: the route it matched, its one failure list (every
 * attempt, in order) and its one search budget. A stream's continuation is one more step of the
 * same search, so its final error lists the broken segment and what was tried before it.
 */
interface Search {
  call: GatewayCall;
  match: RouteMatch;
  deadline: Deadline;
  failures: AttemptRecord[];
}

/** What a step of a search ends with: the answer, who gave it, and the breaker its end settles. */
interface StepResult<T> {
  value: T;
  answeredBy: AnsweredBy;
  breakerKey: string;
  resilience: ResilienceOptions;
}

/** Options of one step of a search. */
interface RunOptions {
  /** Targets (`provider/model`) not to use, e.g. the one a broken stream came from. */
  exclude?: ReadonlySet<string>;
  continuation?: { assistantText: string };
  /** A token count: only targets whose adapter can count are tried, one at a time (no hedge). */
  countsTokens?: true;
}

/** A token count: exact from the target that answered, or Lifeline's own estimate when none could. */
export type CountTokensOutcome =
  | (AnsweredBy & { exact: true; inputTokens: number })
  | { exact: false; inputTokens: number; failures: AttemptRecord[] };

/**
 * Runs a request over its route with the resilience policies: per-target breakers, key pools,
 * classified failures with retries and backoff, larger-context fallbacks, opt-in hedging, and one
 * search budget (timeouts.total_ms, see deadline.ts) for the whole search. Returns the first answer; throws the client's own error when no
 * other target could help, else a NoHealthyTargetError listing every attempt.
 */
export class Gateway {
  constructor(
    readonly routes: RouteTable,
    readonly providers: ReadonlyMap<string, ProviderEntry>,
    readonly resilience: ResilienceState,
    readonly events: GatewayEvents = new GatewayEvents(),
  ) {}

  /** Non-streaming generation with failover. */
  async generate(call: GatewayCall): Promise<GenerateOutcome> {
    const { value, answeredBy } = await this.#runOnce(call, {}, async (adapter, attempt) => {
      const result = await adapter.doGenerate(call.request, attempt);
      return { value: result, headers: result.headers };
    });
    // Field by field: spreading `answeredBy` into a literal takes V8's slow path on every request.
    const { target, failures, route, passthrough, headers } = answeredBy;
    return { target, failures, route, passthrough, headers, result: value };
  }

  /**
   * Streaming generation with failover: resolves once a target's stream has really started, with
   * the one stream of parts the client is to get. A failure after that is continued on the route's
   * next target inside `parts` (stream-relay.ts), so the caller only renders and writes.
   */
  async stream(call: GatewayCall, events: RelayEvents = {}): Promise<StreamAnswer> {
    const search = this.#openSearch(call);
    let first: StreamSegment;
    try {
      first = await this.#startStream(search, {});
    } finally {
      // The answer streams (or the search failed): the budget's clock stops until a continuation.
      search.deadline.pause();
    }
    const { target, failures, route, passthrough, headers } = first;
    const pipeline: RelayPipeline = {
      continueOn: (assistantText, exclude, broken) => this.#continueStream(search, assistantText, exclude, broken),
      settle: (segment, ending) => this.settleStream(segment, ending),
      events: this.events,
      listeners: events,
    };
    return { target, failures, route, passthrough, headers, relay: (send) => relayStream(call, first, pipeline, send) };
  }

  /**
   * Starts one target's stream, with failover up to the first content: a stream that fails before
   * it produced anything the client would see is treated like a failed attempt, and so is one whose
   * headers arrived but whose first content did not within `timeouts.first_token_ms` (keep-alives
   * and pings are not content; thinking is).
   */
  async #startStream(search: Search, options: RunOptions): Promise<StreamSegment> {
    const { call } = search;
    const { value, answeredBy, breakerKey, resilience } = await this.#step(search, options, async (adapter, attempt, settings) => {
      const firstTokenMs = settings.timeouts.first_token_ms;
      // Aborting this attempt's own signal cuts the upstream body even while a read is pending.
      const firstToken = new AbortController();
      const started = await adapter.doStream(call.request, { ...attempt, signal: linkSignals([attempt.signal, firstToken.signal]) });
      const iterator = started.stream[Symbol.asyncIterator]();
      const timer = setTimeout(() => firstToken.abort(new UpstreamTimeoutError('first-token', firstTokenMs, { provider: adapter.id, model: attempt.model })), firstTokenMs);
      timer.unref();
      let first: StreamPart;
      let firstParts: StreamPart[];
      try {
        ({ parts: firstParts, firstContent: first } = await readUntilContent(iterator));
      } finally {
        clearTimeout(timer);
      }
      // Only a failure before any content is a failed attempt; one after it (in the same read) is
      // a mid-stream failure, which the relay handles.
      if (first.type === 'error') {
        await iterator.return?.();
        // An error part that is no GatewayError came from Lifeline's code, not the provider.
        throw LifelineError.from(first.error);
      }
      return { value: { firstParts, rest: iterator, ...(started.continuation ? { continuation: started.continuation } : {}) }, headers: started.headers };
    });
    return { ...answeredBy, ...value, breakerKey, resilience };
  }

  /**
   * The next step of a stream's search after its segment broke: `broken` joins the search's
   * failure list, the budget's clock runs again on what is left, and the route's other targets are
   * asked to carry on. Throws the search's error (every attempt, in order) when none can.
   */
  async #continueStream(search: Search, assistantText: string, exclude: ReadonlySet<string>, broken: AttemptRecord): Promise<StreamSegment> {
    search.failures.push(broken);
    search.deadline.resume();
    // Nothing left of the budget: no target is asked (its attempt would be cut before it began).
    if (search.deadline.remainingMs() === 0) {
      search.deadline.pause();
      throw allTargetsFailed(search.failures);
    }
    try {
      return await this.#startStream(search, { exclude, continuation: { assistantText } });
    } finally {
      search.deadline.pause();
    }
  }

  /**
   * Counts a request's input tokens through the route like any request (breakers, key pools,
   * classified failures, attempt events), asking only targets that can count; Lifeline's own
   * estimate is the last target, so a route without one, or with all of them failing, still answers.
   */
  async countTokens(call: GatewayCall): Promise<CountTokensOutcome> {
    try {
      const { value, answeredBy } = await this.#runOnce(call, { countsTokens: true }, async (adapter, attempt) => {
        const counted = await adapter.doCountTokens!(call.request, attempt);
        return { value: counted.inputTokens, headers: counted.headers };
      });
      return { ...answeredBy, exact: true, inputTokens: value };
    } catch (error) {
      if (!(error instanceof NoHealthyTargetError)) throw error;
      return { exact: false, inputTokens: estimateInputTokens(call.request), failures: error.attempts };
    }
  }

  /** Gives a started stream its verdict when it ends (see record-attempt.ts settleStream). */
  settleStream(answered: { target: TargetRef; breakerKey: string }, ending: AttemptEnding): void {
    settleStream(this.resilience, answered, ending, this.events);
  }

  /**
   * Opens a request's search: matches its route (once), counts it for the retry budget (once) and
   * starts its search budget.
   */
  #openSearch(call: GatewayCall): Search {
    const match = this.routes.match(call.request.model);
    if (!match) throw new ModelNotFoundError(call.request.model, this.routes.patterns());
    this.resilience.retryBudget.recordRequest();
    return { call, match, deadline: startDeadline(match.resilience.timeouts.total_ms, call.clientTimeoutMs, call.cancellation ?? call.signal), failures: [] };
  }

  /** A search of one step: a non-streaming answer or a token count. */
  async #runOnce<T>(call: GatewayCall, options: RunOptions, routeExecute: RouteExecutor<T>): Promise<StepResult<T>> {
    const search = this.#openSearch(call);
    try {
      return await this.#step(search, options, routeExecute);
    } finally {
      search.deadline.pause();
    }
  }

  /** Goes down the search's route until a target answers; failed attempts join the search's list. */
  async #step<T>(search: Search, options: RunOptions, routeExecute: RouteExecutor<T>): Promise<StepResult<T>> {
    const { call, match, deadline, failures } = search;
    const settings = match.resilience;
    const execute: AttemptExecutor<T> = (adapter, attempt) => routeExecute(adapter, attempt, settings);
    try {
      let queue = this.#usable(match.targets, options, failures);
      let triedLongContext = false;
      for (let index = 0; index < queue.length; index++) {
        const run = (selected: SelectedTarget) => (runSignal?: AbortSignal) =>
          runTarget(this.resilience, {
            provider: selected.provider,
            model: selected.model,
            adapter: this.providers.get(selected.provider)!.adapter,
            keyOptional: this.providers.get(selected.provider)!.keyOptional,
            attemptFor: (credential, signal) => this.#attemptContext(call, selected, credential, signal, options, settings),
            execute,
            options: settings,
            deadline,
            clientSignal: call.cancellation ?? call.signal,
            ...(runSignal ? { runSignal } : {}),
            failures,
            stream: call.request.stream,
            events: this.events,
            ...(selected.clientNamed ? { clientNamedModel: true } : {}),
            ...(options.countsTokens ? { countsTokens: true } : {}),
          });
        const current = queue[index]!;
        const next = queue[index + 1];
        let result: TargetRunResult<T>;
        if (settings.hedging.enabled && next && !options.countsTokens && !call.noHedge) {
          const delayMs = hedgeDelayMs(settings.hedging, this.resilience.latency, latencyKey(this.resilience.breakerKeyOf(current.provider, current.model), call.request.stream)) ?? settings.hedging.fallback_delay_ms;
          const hedgeResult = await hedge(run(current), run(next), delayMs, call.signal);
          result = hedgeResult.result;
          index += hedgeResult.consumed - 1;
        } else {
          result = await run(current)();
        }
        if (result.outcome === 'answered') {
          return {
            value: result.value,
            answeredBy: {
              target: result.target,
              // As they stood when this target answered: a later continuation adds to the search's list.
              failures: [...failures],
              route: match.pattern,
              passthrough: this.#answersVerbatim(this.providers.get(result.target.provider)!.adapter, call, options),
              headers: result.headers,
            },
            breakerKey: result.breakerKey,
            resilience: settings,
          };
        }
        if (result.outcome === 'context-too-long') {
          const larger = this.#usable(match.longContext, options, failures);
          if (triedLongContext || larger.length === 0) throw result.error;
          triedLongContext = true;
          queue = larger;
          index = -1;
        }
      }
      throw allTargetsFailed(failures);
    } catch (error) {
      // Time ran out mid-search: answer like any exhausted route, listing what was tried, so the
      // client gets x-should-retry: false instead of retrying into the same wait.
      if (error === deadline.signal.reason && failures.length > 0) throw allTargetsFailed(failures);
      throw error;
    }
  }

  /**
   * The one passthrough decision of an attempt: the client gets the provider's bytes when the
   * provider speaks the client's format and the attempt continues nothing (a continuation is
   * rendered from canonical parts so it joins what was already sent).
   */
  #answersVerbatim(adapter: ProviderAdapter, call: GatewayCall, options: RunOptions): boolean {
    return acceptsPassthrough(adapter, call.passthrough.format) && !options.continuation;
  }

  /** The targets to try, in order; one whose provider has no id for the model is recorded as skipped. */
  #usable(targets: SelectedTarget[], options: RunOptions, failures: AttemptRecord[]): SelectedTarget[] {
    return targets.filter((target) => {
      const entry = this.providers.get(target.provider);
      if (!entry || options.exclude?.has(`${target.provider}/${target.model}`)) return false;
      if (options.countsTokens && (entry.adapter.doCountTokens === undefined || entry.adapter.countsTokensFor?.(target.model) === false)) return false;
      if (entry.knowsModel?.(target.model) === false) {
        failures.push({
          target: { provider: target.provider, model: target.model },
          failureClass: 'not_found',
          message: `${target.provider} has no model id for "${target.model}" (add it to providers.${target.provider}.model_map)`,
          durationMs: 0,
          skipped: 'unknown_model',
        });
        return false;
      }
      return true;
    });
  }

  #attemptContext(call: GatewayCall, selected: SelectedTarget, credential: Credential | undefined, signal: AbortSignal, options: RunOptions, settings: ResilienceOptions): AttemptContext {
    const adapter = this.providers.get(selected.provider)!.adapter;
    return {
      model: selected.model,
      signal,
      ...(credential ? { credential } : {}),
      ...(acceptsPassthrough(adapter, call.passthrough.format) ? { passthrough: call.passthrough } : {}),
      ...(this.#answersVerbatim(adapter, call, options) ? { rawFrames: true } : {}),
      ...(options.continuation ? { continuation: options.continuation } : {}),
      ...(call.request.stream
        ? {
            malformedEvents: {
              limit: settings.streams.max_malformed_events,
              onSkipped: (detail: string) => this.events.malformedEvent({ at: Date.now(), provider: selected.provider, model: selected.model, detail }),
            },
          }
        : {}),
    };
  }

  /** Stops every adapter's connection pool. */
  async close(): Promise<void> {
    await Promise.all([...this.providers.values()].map((entry) => entry.adapter.close()));
  }
}

/** Content-bearing part types: once one of these is read, the stream has really started. */
const CONTENT_PARTS: ReadonlySet<StreamPart['type']> = new Set([
  'text-start', 'text-delta', 'reasoning-start', 'reasoning-delta', 'tool-input-start', 'tool-input-delta', 'tool-call', 'finish', 'error',
]);

/** Reads whole batches until one holds a content part; `firstContent` is the first of them. */
async function readUntilContent(iterator: AsyncIterator<StreamPart[]>): Promise<{ parts: StreamPart[]; firstContent: StreamPart }> {
  const parts: StreamPart[] = [];
  let firstContent: StreamPart | undefined;
  for (;;) {
    const next = await iterator.next();
    if (next.done) {
      const ended: StreamPart = { type: 'error', error: new UpstreamResponseError('stream ended before any content') };
      parts.push(ended);
      return { parts, firstContent: ended };
    }
    // The whole batch is read ahead: it came in one read, and splitting it would cost a step.
    for (const part of next.value) {
      parts.push(part);
      if (firstContent === undefined && CONTENT_PARTS.has(part.type)) firstContent = part;
    }
    if (firstContent !== undefined) return { parts, firstContent };
  }
}
