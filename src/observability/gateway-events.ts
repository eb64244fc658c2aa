import type { FailureClass, FailureOrigin } from '../errors/index.js';
import { TypedEmitter, type TypedEvent } from '../core/typed-event.js';

/** One attempt at one target (channel `gateway:attempt:end`). Never carries a secret: keys by label. */
export interface AttemptEvent {
  /** Epoch ms when the attempt ended. */
  at: number;
  provider: string;
  model: string;
  /** Key label (`key-1 …abcd`), when a key was used or skipped. */
  key?: string;
  /** `skipped`: no request was sent (circuit open, every key cooling). */
  outcome: 'success' | 'failure' | 'skipped';
  failureClass?: FailureClass;
  /** Provider HTTP status, when it answered. */
  status?: number;
  /** `local` (timeout, connection) or `upstream` (the provider's answer), as Envoy tags failures. */
  origin?: FailureOrigin;
  /** Until the answer started: the whole response (non-stream) or the first content (stream = TTFT). */
  durationMs: number;
  stream: boolean;
  /** `probe` for active health checks, `traffic` for client requests. */
  source: 'traffic' | 'probe';
  /**
   * The model name is the client's own, sent through a `provider/*` route target: a `not_found`
   * answer for a name the provider never served is the client's mistake, not the provider's health.
   */
  clientNamedModel?: true;
}

/** One client request, finished (channel `gateway:request:end`). */
export interface RequestEndEvent {
  at: number;
  path: string;
  status: number;
  model?: string;
  stream?: boolean;
  /** provider/model that answered. */
  target?: string;
  /** Attempts made, failed ones included. */
  attempts?: number;
  /** Targets a broken stream was continued on. */
  continuedOn?: string[];
  errorCode?: string;
  durationMs: number;
  /** The client key's name (never its text), when the request presented a valid one. */
  clientKey?: string;
  /** The providers' own usage figures for the answer, streams included, when they reported them. */
  inputTokens?: number;
  outputTokens?: number;
}

/** A streamed answer, finished (channel `gateway:stream:end`): feeds tokens/s. */
export interface StreamEndEvent {
  at: number;
  provider: string;
  model: string;
  outcome: 'complete' | 'error' | 'cancelled';
  outputTokens?: number;
  /** From the first content to the end. */
  generationMs: number;
}

/** A malformed event skipped inside a stream that went on (channel `gateway:stream:malformed`). */
export interface MalformedEventEvent {
  at: number;
  provider: string;
  model: string;
  /** What was wrong, without the event's content (`not JSON`, `a malformed content_block_delta`). */
  detail: string;
}

/** A stream that broke after output began and goes on at another target (channel `gateway:stream:continued`). */
export interface StreamContinuedEvent {
  at: number;
  /** The target whose stream broke. */
  provider: string;
  model: string;
  /** The target that continues it. */
  toProvider: string;
  toModel: string;
  /** How the continuing target was asked to carry on. */
  method: 'prefill' | 'instruction';
}

/**
 * The gateway's event bus: health, metrics, incidents and the status page subscribe here instead
 * of reaching into the pipeline. Channels follow `gateway:<subject>:<event>`.
 */
export class GatewayEvents {
  readonly #attemptEnd = new TypedEmitter<AttemptEvent>();
  readonly #requestEnd = new TypedEmitter<RequestEndEvent>();
  readonly #streamEnd = new TypedEmitter<StreamEndEvent>();
  readonly #malformedEvent = new TypedEmitter<MalformedEventEvent>();
  readonly #streamContinued = new TypedEmitter<StreamContinuedEvent>();

  /** `gateway:attempt:end` */
  readonly onAttemptEnd: TypedEvent<AttemptEvent> = this.#attemptEnd.event;
  /** `gateway:request:end` */
  readonly onRequestEnd: TypedEvent<RequestEndEvent> = this.#requestEnd.event;
  /** `gateway:stream:end` */
  readonly onStreamEnd: TypedEvent<StreamEndEvent> = this.#streamEnd.event;
  /** `gateway:stream:malformed` */
  readonly onMalformedEvent: TypedEvent<MalformedEventEvent> = this.#malformedEvent.event;
  /** `gateway:stream:continued` */
  readonly onStreamContinued: TypedEvent<StreamContinuedEvent> = this.#streamContinued.event;

  attemptEnded(event: AttemptEvent): void {
    if (this.#attemptEnd.size > 0) this.#attemptEnd.emit(event);
  }

  requestEnded(event: RequestEndEvent): void {
    if (this.#requestEnd.size > 0) this.#requestEnd.emit(event);
  }

  streamEnded(event: StreamEndEvent): void {
    if (this.#streamEnd.size > 0) this.#streamEnd.emit(event);
  }

  malformedEvent(event: MalformedEventEvent): void {
    if (this.#malformedEvent.size > 0) this.#malformedEvent.emit(event);
  }

  streamContinued(event: StreamContinuedEvent): void {
    if (this.#streamContinued.size > 0) this.#streamContinued.emit(event);
  }
}
