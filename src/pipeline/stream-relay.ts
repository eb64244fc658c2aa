import type { StreamPart, Usage } from '../canonical/index.js';
import { addUsage, emptyUsage } from '../canonical/index.js';
import { ContinuationFailedError, GatewayError, LifelineError, NoHealthyTargetError, UpstreamHttpError, UpstreamResponseError, type AttemptRecord } from '../errors/index.js';
import { redactedPrefix } from '../secrets/redact-secrets.js';
import { canFailOver } from '../errors/failure-class.js';
import type { GatewayEvents } from '../observability/gateway-events.js';
import type { ContinuationMethod } from '../providers/provider-adapter.js';
import type { GatewayCall, StreamSegment } from './gateway-call.js';
import type { AttemptEnding } from './record-attempt.js';
import { SeamReconciler } from './seam-reconciler.js';
import { SentText } from './sent-text.js';

/** What the relay tells the caller about continuations, for logs. */
export interface RelayEvents {
  /** A broken stream goes on at `to`, which was asked to carry on by `method`. */
  onContinuation?(from: string, to: string, error: GatewayError, method: ContinuationMethod): void;
}

/**
 * One upstream read's worth of parts for the client, and how its stream was asked for (decided
 * once per attempt): with `passthrough`, the provider's own frames are among the parts (`raw`)
 * and the client gets them as they are; a continuation's batches never have it.
 */
export interface StreamBatch {
  parts: StreamPart[];
  passthrough: boolean;
}

/**
 * Where the relay hands the client's batches, in order, one call per upstream read: true when the
 * batch was written, false when the client is gone (the relay stops), a promise of either while
 * the client's socket is full. Synchronous on the hot path: a write the socket takes costs no
 * async step (an async generator between the relay and the writer cost two microtask hops per read).
 */
export type BatchSink = (batch: StreamBatch) => boolean | Promise<boolean>;

/** What the relay needs of the pipeline that started the stream. */
export interface RelayPipeline {
  /**
   * Starts the stream on another target of the route, asked to carry on from `assistantText`: the
   * next step of the request's own search, with `broken` (the segment that failed) added to its
   * failure list. Throws the search's error, every attempt in order, when no target can.
   */
  continueOn(assistantText: string, exclude: ReadonlySet<string>, broken: AttemptRecord): Promise<StreamSegment>;
  /** Gives a segment its one verdict (breaker, key pool, attempt event). */
  settle(segment: StreamSegment, ending: AttemptEnding): void;
  events: GatewayEvents;
  listeners: RelayEvents;
}

/** What a used-up batch is replaced with, so that it can be collected. */
const NO_PARTS: StreamPart[] = [];

/** Parts of a tool call are held back until the call is complete, raw frames included. */
const TOOL_RUN_PARTS: ReadonlySet<StreamPart['type']> = new Set(['tool-input-start', 'tool-input-delta', 'tool-input-end']);

/** Parts after which a continuation's text, if any, is over: the seam must be decided first. */
const AFTER_TEXT_PARTS: ReadonlySet<StreamPart['type']> = new Set(['text-end', 'tool-input-start', 'tool-call', 'finish']);

/**
 * Turns one started stream into the single stream the client sees, continuing on the route's next
 * target when the provider fails half-way:
 * - tool calls are released only once complete, so a cut never leaves the client a half call;
 * - on a failure after output began, the text already sent is handed to the next target as the
 *   start of the answer (see AttemptContext.continuation) and its output is joined on: one
 *   message, consistent block ids, one finish with usage summed, the newcomer's model named;
 * - what the continuing model writes first is held and checked against the text sent
 *   (seam-reconciler.ts): a repeat is dropped, a different answer ends the stream with an error;
 * - the text sent is kept up to `continuation.max_text_chars`: a stream that breaks past that ends
 *   with an error, as does a failure that no target can fix or a route with nothing left — an
 *   honest `error` part, never a fake finish or two answers spliced together.
 */
export async function relayStream(call: GatewayCall, first: StreamSegment, pipeline: RelayPipeline, send: BatchSink): Promise<void> {
  const startedAt = performance.now();
  let ended: 'complete' | 'error' | 'cancelled' = 'cancelled';
  let outputTokens: number | undefined;
  // Parts go out in batches, one per upstream read: an async step per part was a large share of a
  // stream's cost.
  let out: StreamPart[] = [];
  const tried = new Set([`${first.target.provider}/${first.target.model}`]);
  let outcome = first;
  let continuing = false;
  const maxTextChars = first.resilience.continuation.max_text_chars;
  /** Text already sent to the client, across every text block of the answer; emptied past the cap. */
  const sent = new SentText(maxTextChars);
  /** The id of the client's open text block (not yet ended), which a continuation writes into. */
  let openTextId: string | undefined;
  let completedToolCalls = 0;
  let inputUsage: Usage | undefined;
  /** Characters of text the client had when the current segment (a continuation) began. */
  let charsBeforeSegment = 0;

  // Every segment (the first stream and each continuation) gets exactly one verdict.
  let segmentSettled = false;
  const settle = (ending: AttemptEnding) => {
    if (segmentSettled) return;
    segmentSettled = true;
    pipeline.settle(outcome, ending);
  };
  /** The stream's last batch: what is pending, then `part` (a finish or an error) that ends it. */
  const last = (part: StreamPart): StreamBatch => {
    if (part.type === 'finish') {
      ended = 'complete';
      outputTokens = part.usage.outputTokens.total;
    } else {
      ended = 'error';
    }
    out.push(part);
    return { parts: out, passthrough: outcome.passthrough };
  };
  try {
    for (;;) {
      segmentSettled = false;
      let held: StreamPart[] = [];
      let pendingRaw: StreamPart[] = [];
      let holding = false;
      let failure: GatewayError | undefined;
      let textIdMap: Map<string, string> | undefined;
      // A continuation's text is checked against what the client has before any of it goes out.
      const seam = continuing ? new SeamReconciler(sent.text(), outcome.continuation ?? 'instruction') : undefined;
      let seamTextId: string | undefined;
      let diverged: ContinuationFailedError | undefined;
      let finished = false;

      // Parts read ahead first, then the live iterator's batches; awaited directly (no extra
      // generator layer: each one costs an async step per batch).
      let batch: StreamPart[] = outcome.firstParts;
      // Sent once: the segment would otherwise hold them for the whole stream (issue 13).
      outcome.firstParts = NO_PARTS;
      let position = 0;
      for (;;) {
        if (position === batch.length) {
          if (out.length > 0) {
            const written = send({ parts: out, passthrough: outcome.passthrough });
            out = [];
            // The client left: stop (the finally below gives the segment its verdict).
            if (written !== true && !(await written)) return;
          }
          // The batch is done with: not held while the next event is awaited (200 ms on a paced
          // stream, long enough for its parts to survive scavenges and be promoted).
          batch = NO_PARTS;
          let next: IteratorResult<StreamPart[]>;
          try {
            next = await outcome.rest.next();
          } catch (error) {
            next = { done: false, value: [{ type: 'error', error }] };
          }
          if (next.done) break;
          batch = next.value;
          position = 0;
          continue;
        }
        const part = batch[position++]!;
        if (finished) {
          // After the finish only the provider's closing frames (message_stop, [DONE]) still matter.
          if (part.type === 'raw' && !continuing) out.push(part);
          continue;
        }
        if (part.type === 'error') {
          // An error part that is no GatewayError came from Lifeline's own code, not the provider.
          failure = LifelineError.from(part.error);
          break;
        }
        if (continuing) {
          // The client already has its message start: drop the newcomer's, and its raw frames; keep
          // only its model's name, for formats that repeat it on every chunk.
          if (part.type === 'raw' || part.type === 'stream-start') continue;
          if (part.type === 'response-metadata') {
            out.push({ type: 'response-metadata', modelId: part.modelId ?? outcome.target.model });
            continue;
          }
          if (part.type === 'reasoning-start' || part.type === 'reasoning-delta' || part.type === 'reasoning-end') continue;
          if (part.type === 'text-start' && openTextId !== undefined) {
            (textIdMap ??= new Map()).set(part.id, openTextId);
            continue;
          }
        }
        if (part.type === 'raw') {
          pendingRaw.push(part);
          continue;
        }
        let emitted: StreamPart = part;
        if ((part.type === 'text-delta' || part.type === 'text-end') && textIdMap?.has(part.id)) emitted = { ...part, id: textIdMap.get(part.id)! };
        if (seam) {
          // Before anything that ends the continuation's text, the seam is decided with what is held.
          const step = emitted.type === 'text-delta' ? seam.push(emitted.delta) : !seam.decided && AFTER_TEXT_PARTS.has(emitted.type) ? seam.end() : undefined;
          if (step && 'diverged' in step) {
            diverged = new ContinuationFailedError('diverged', `the stream broke and ${outcome.target.provider}/${outcome.target.model} was asked to continue it, but ${step.diverged}`, {
              target: outcome.target,
            });
            break;
          }
          if (emitted.type === 'text-delta') {
            seamTextId = emitted.id;
            if (step!.text === '') continue;
            emitted = { ...emitted, delta: step!.text };
          } else if (step && step.text !== '' && seamTextId !== undefined) {
            out.push({ type: 'text-delta', id: seamTextId, delta: step.text });
            sent.append(step.text);
          }
        }
        if (TOOL_RUN_PARTS.has(emitted.type) || holding) {
          holding = true;
          for (const raw of pendingRaw) held.push(raw);
          held.push(emitted);
          pendingRaw.length = 0;
          if (emitted.type !== 'tool-call') continue;
          // The call is complete: release it whole.
          holding = false;
          completedToolCalls++;
          out.push(...held);
          held = [];
          continue;
        }
        // Emptied in place: a fresh array (and a spread) per event was garbage on the hot path.
        for (const raw of pendingRaw) out.push(raw);
        pendingRaw.length = 0;
        if (emitted.type === 'response-metadata' && emitted.usage) inputUsage ??= emitted.usage;
        if (emitted.type === 'text-start') openTextId = emitted.id;
        if (emitted.type === 'text-end' && emitted.id === openTextId) openTextId = undefined;
        if (emitted.type === 'text-delta') sent.append(emitted.delta);
        if (emitted.type === 'tool-call') completedToolCalls++;
        if (emitted.type === 'finish') {
          last(continuing ? { ...emitted, usage: addUsage(addUsage(inputUsage ?? emptyUsage(), estimatedOutput(charsBeforeSegment)), emitted.usage) } : emitted);
          finished = true;
          settle({ outcome: 'success' });
          continue;
        }
        out.push(emitted);
      }
      if (finished) {
        if (out.length > 0) await send({ parts: out, passthrough: outcome.passthrough });
        return;
      }
      if (diverged) {
        // The provider did its job; its answer just is not this one. Stop reading it, judge nothing.
        settle({ outcome: 'cancelled' });
        outcome.rest.return?.(undefined).catch(() => undefined);
        await send(last({ type: 'error', error: diverged }));
        return;
      }

      failure ??= new UpstreamResponseError('the provider ended the stream without finishing the answer');
      if (call.signal.aborted) settle({ outcome: 'cancelled' });
      else settle({ outcome: 'failure', error: failure });
      const failedTarget = `${outcome.target.provider}/${outcome.target.model}`;
      if (!canFailOver(failure.failureClass ?? 'server') || call.signal.aborted) {
        const ending = last({ type: 'error', error: failure });
        // The client left: the stream was cancelled, not failed.
        if (call.signal.aborted) ended = 'cancelled';
        await send(ending);
        return;
      }
      if (completedToolCalls > 0) {
        // A continuation is asked with the text sent only: the next model would redo the turn's
        // calls and the client would get the ones it has twice. Whole calls, and nothing cut after
        // them, are a usable answer (best effort, README "Mid-stream failover"); a call cut after
        // them is lost, and saying so is the honest end.
        if (held.length === 0) {
          if (out.length > 0 && !(await send({ parts: out, passthrough: outcome.passthrough }))) return;
          out = [];
          // Lifeline's own finish, with no provider frame behind it: rendered even after passed-through frames.
          const finish = last({ type: 'finish', finishReason: { unified: 'tool-calls', raw: undefined }, usage: addUsage(inputUsage ?? emptyUsage(), estimatedOutput(sent.chars)) });
          await send({ ...finish, passthrough: false });
          return;
        }
        await send(last({
          type: 'error',
          error: new ContinuationFailedError('after_tool_calls', `the stream broke in the middle of a tool call after ${completedToolCalls} whole tool call(s) had been sent; another target would redo the turn and repeat them: ${failure.message.slice(0, 200)}`, {
            target: outcome.target,
            cause: failure,
          }),
        }));
        return;
      }
      if (sent.chars > maxTextChars) {
        await send(last({
          type: 'error',
          error: new ContinuationFailedError('too_long', `the stream broke after ${sent.chars} characters of text, more than resilience.continuation.max_text_chars (${maxTextChars}) keeps for a continuation: ${failure.message.slice(0, 200)}`, {
            target: outcome.target,
            cause: failure,
          }),
        }));
        return;
      }
      if (out.length > 0 && !(await send({ parts: out, passthrough: outcome.passthrough }))) return;
      out = [];
      try {
        const next = await pipeline.continueOn(sent.text(), tried, brokenRecord(failure, outcome));
        const method = next.continuation ?? 'instruction';
        pipeline.listeners.onContinuation?.(failedTarget, `${next.target.provider}/${next.target.model}`, failure, method);
        pipeline.events.streamContinued({ at: Date.now(), provider: outcome.target.provider, model: outcome.target.model, toProvider: next.target.provider, toModel: next.target.model, method });
        tried.add(`${next.target.provider}/${next.target.model}`);
        charsBeforeSegment = sent.chars;
        outcome = next;
        // Its batches say `passthrough: false`: renderers leave passthrough and render its parts.
        continuing = true;
      } catch (error) {
        await send(last({ type: 'error', error: continuationFailure(failure, error) }));
        return;
      }
    }
  } finally {
    // The client left (or the consumer stopped) in the middle of a segment: no verdict.
    settle({ outcome: 'cancelled' });
    pipeline.events.streamEnded({
      at: Date.now(),
      provider: first.target.provider,
      model: first.target.model,
      outcome: ended,
      generationMs: performance.now() - startedAt,
      ...(outputTokens !== undefined ? { outputTokens } : {}),
    });
  }
}

/** The search's record of a segment that broke after output began. */
function brokenRecord(failure: GatewayError, outcome: StreamSegment): AttemptRecord {
  return {
    target: outcome.target,
    failureClass: failure.failureClass ?? 'server',
    ...(failure instanceof UpstreamHttpError ? { status: failure.status } : {}),
    message: `stream broke after output began: ${redactedPrefix(failure.message, 200)}`,
    durationMs: 0,
  };
}

/**
 * The error to end a stream with when no target could continue it: the mid-stream failure itself
 * when it is the search's only attempt, else the search's error, which lists every attempt of the
 * request in order — those before the first segment, the broken segments, the failed continuations.
 */
function continuationFailure(failure: GatewayError, error: unknown): GatewayError {
  if (!(error instanceof NoHealthyTargetError)) return error instanceof GatewayError ? error : failure;
  return error.attempts.length === 1 ? failure : error;
}

/** Output tokens of text whose provider never reported them (it was cut): about four characters each. */
function estimatedOutput(characters: number): Usage {
  return { ...emptyUsage(), outputTokens: { total: Math.ceil(characters / 4), reasoning: undefined } };
}
