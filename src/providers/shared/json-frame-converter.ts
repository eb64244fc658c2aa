import type { StreamPart } from '../../canonical/index.js';
import { UpstreamResponseError, type TargetRef } from '../../errors/index.js';
import type { AttemptContext } from '../provider-adapter.js';
import { MalformedEventBudget } from './malformed-event-budget.js';

/** Turns the `data:` payloads of one JSON-framed stream into canonical stream parts. */
export interface JsonFrameConverter {
  /** Parts derived from one `data:` payload. */
  push(data: string): StreamPart[];
  /** Parts for the end of the byte stream: the finish, or an error if the stream was cut short. */
  end(): StreamPart[];
  /** True once a finish or error part was produced; nothing follows it. */
  readonly closed: boolean;
  /** True when the last payload pushed was malformed and skipped: its frame must not be passed through either. */
  readonly skippedLast: boolean;
}

/** What a format's reading of one frame may do to the stream. */
export interface FrameStream {
  /** The stream is over (its finish part was pushed): nothing more is read. */
  close(): void;
  /** Ends the stream with an `error` part. */
  fail(parts: StreamPart[], error: unknown): StreamPart[];
  /** An error about what the provider sent (`message`), naming the target. */
  responseError(message: string): UpstreamResponseError;
  /** A frame of an unexpected shape (`what`, e.g. "a stream chunk of an unexpected shape"): skipped while the budget allows, else the stream fails. */
  unexpected(parts: StreamPart[], what: string): StreamPart[];
}

/** A format's part of a {@link JsonFrameConverter}; every function pushes onto `parts` and returns them. */
export interface JsonFrameFormat {
  /** Who is named in errors: "provider", "Gemini". */
  sender: string;
  target?: TargetRef | undefined;
  malformedEvents?: AttemptContext['malformedEvents'] | undefined;
  /** A payload read before any JSON parsing (OpenAI's `[DONE]`): its parts, or undefined to parse it. */
  readText?(parts: StreamPart[], data: string, stream: FrameStream): StreamPart[] | undefined;
  /** One frame's parsed JSON. */
  readJson(parts: StreamPart[], json: unknown, stream: FrameStream): StreamPart[];
  /** The byte stream ended before the stream closed: a finish when the format allows, else `stream.fail`. */
  end(parts: StreamPart[], stream: FrameStream): StreamPart[];
}

/**
 * The skeleton every JSON-framed stream converter shares: `stream-start` before anything else,
 * nothing after the finish or an error (`closed`), a frame that is not JSON or not of the expected
 * shape skipped under the malformed-frame budget (`skippedLast`, see MalformedEventBudget), and a
 * stream that ends before its finish ending with an error.
 */
export function createJsonFrameConverter(format: JsonFrameFormat): JsonFrameConverter {
  const malformed = new MalformedEventBudget(format.malformedEvents);
  const target = format.target ? { target: format.target } : {};
  let started = false;
  let closed = false;
  let skippedLast = false;

  const stream: FrameStream = {
    close: () => {
      closed = true;
    },
    fail: (parts, error) => {
      closed = true;
      parts.push({ type: 'error', error });
      return parts;
    },
    responseError: (message) => new UpstreamResponseError(message, target),
    unexpected: (parts, what) => {
      if (malformed.trySkip(what)) {
        skippedLast = true;
        return parts;
      }
      return stream.fail(parts, stream.responseError(`${format.sender} sent ${what}`));
    },
  };

  /** A new batch of parts, opened by `stream-start` on the stream's first. */
  const begin = (): StreamPart[] => {
    if (started) return [];
    started = true;
    return [{ type: 'stream-start' }];
  };

  return {
    get closed() {
      return closed;
    },
    get skippedLast() {
      return skippedLast;
    },
    push(data) {
      skippedLast = false;
      if (closed) return [];
      const parts = begin();
      const read = format.readText?.(parts, data, stream);
      if (read) return read;
      let json: unknown;
      try {
        json = JSON.parse(data) as unknown;
      } catch (error) {
        if (malformed.trySkip('a stream frame that is not JSON')) {
          skippedLast = true;
          return parts;
        }
        return stream.fail(parts, new UpstreamResponseError(`${format.sender} sent a stream frame that is not JSON`, { cause: error, ...target }));
      }
      return format.readJson(parts, json, stream);
    },
    end() {
      if (closed) return [];
      const parts = format.end(begin(), stream);
      closed = true;
      return parts;
    },
  };
}

