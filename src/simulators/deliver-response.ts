import type { ServerResponse } from 'node:http';
import { closeAfterFlush, sendJson, sleepWhileOpen, stall } from './exchange.js';
import { fillerLength, writeFiller } from './write-filler.js';
import type { FaultSpec } from './types.js';

/** One stream frame: SSE text, or binary (Bedrock's event-stream messages). */
export type StreamFrame = string | Uint8Array;

/** Format-specific frames used by stream faults. */
export interface StreamFaultFrames {
  /** The in-stream error frame (Anthropic `event: error`, OpenAI `data: {"error":…}`, a Bedrock exception message). */
  errorFrame(errorType: string | undefined, message: string | undefined): StreamFrame;
  /** A frame whose data line is truncated, broken JSON. */
  malformedFrame(): StreamFrame;
  /** A first frame that is not JSON at all. */
  garbageFrame(): StreamFrame;
  /** A frame that adds `text` to the answer's open text (index 0 / choice 0). */
  textDeltaFrame(text: string): StreamFrame;
  /** What the provider sends while it has nothing to say yet (Anthropic `ping`, an SSE comment). */
  keepAliveFrame(): StreamFrame;
}

/** Frames as one write: text joined, binary concatenated. */
function joinFrames(frames: readonly StreamFrame[]): StreamFrame {
  if (frames.every((frame) => typeof frame === 'string')) return (frames as readonly string[]).join('');
  return Buffer.concat(frames.map((frame) => (typeof frame === 'string' ? Buffer.from(frame) : frame)));
}

/** Longest an endless stream runs when the client never goes away, so a simulator always stops by itself. */
const ENDLESS_CAP_MS = 10 * 60_000;
/** Stands for the filler inside a text-delta frame. */
const FILLER_MARK = '@@filler@@';

/** Sends `write()` every `intervalMs` until the client leaves (or the cap); the response is never ended. */
async function trickle(response: ServerResponse, intervalMs: number, write: () => void): Promise<void> {
  const until = Date.now() + ENDLESS_CAP_MS;
  while (Date.now() < until && (await sleepWhileOpen(response, intervalMs))) write();
  if (!response.destroyed) response.destroy();
}

/** Writes frames [from, to) with `delayMs` before each frame except the stream's first; false if the client left. */
async function writeFrames(
  response: ServerResponse,
  frames: readonly StreamFrame[],
  from: number,
  to: number,
  delayMs: number,
): Promise<boolean> {
  if (from >= to) return !response.destroyed;
  if (delayMs <= 0) {
    // One write for the whole range: one syscall, which keeps benchmarks about Lifeline, not us.
    response.write(from === 0 && to === frames.length ? joinFrames(frames) : joinFrames(frames.slice(from, to)));
    return !response.destroyed;
  }
  for (let index = from; index < to; index++) {
    if (index > 0 && !(await sleepWhileOpen(response, delayMs))) return false;
    response.write(frames[index] ?? '');
  }
  return !response.destroyed;
}

/** Streams `frames` as a 200 SSE response, applying a stream fault if one was taken. */
export async function deliverStream(
  response: ServerResponse,
  headers: Record<string, string>,
  frames: readonly StreamFrame[],
  fault: FaultSpec | undefined,
  chunkDelayMs: number,
  faultFrames: StreamFaultFrames,
): Promise<void> {
  if (response.destroyed) return;
  const delayMs = fault?.kind === 'slow-tokens' ? fault.delayMs : chunkDelayMs;
  response.writeHead(200, headers);
  const total = frames.length;
  switch (fault?.kind) {
    case 'reset-mid-stream': {
      const stopAt = Math.min(fault.afterEvents, total);
      if (!(await writeFrames(response, frames, 0, stopAt, delayMs))) return;
      closeAfterFlush(response);
      return;
    }
    case 'error-event':
    case 'malformed-sse': {
      const stopAt = Math.min(fault.afterEvents, total);
      if (!(await writeFrames(response, frames, 0, stopAt, delayMs))) return;
      if (delayMs > 0 && stopAt > 0 && !(await sleepWhileOpen(response, delayMs))) return;
      const last =
        fault.kind === 'error-event'
          ? faultFrames.errorFrame(fault.errorType, fault.message)
          : faultFrames.malformedFrame();
      response.end(last);
      return;
    }
    case 'malformed-json':
      response.end(faultFrames.garbageFrame());
      return;
    case 'malformed-frame': {
      const at = Math.min(fault.afterEvents, total);
      if (!(await writeFrames(response, frames, 0, at, delayMs))) return;
      response.write(faultFrames.malformedFrame());
      if (!(await writeFrames(response, frames, at, total, delayMs))) return;
      response.end();
      return;
    }
    case 'slow-first-token': {
      const at = Math.min(fault.afterEvents ?? 1, total);
      if (!(await writeFrames(response, frames, 0, at, delayMs))) return;
      if (at === 0) response.flushHeaders();
      if (!(await keepAliveFor(response, fault.ms, fault.keepAliveMs ?? 1_000, faultFrames))) return;
      if (!(await writeFrames(response, frames, at, total, delayMs))) return;
      response.end();
      return;
    }
    case 'huge-sse-event': {
      const stopAt = Math.min(fault.afterEvents, total);
      if (!(await writeFrames(response, frames, 0, stopAt, delayMs))) return;
      const marked = faultFrames.textDeltaFrame(FILLER_MARK);
      if (typeof marked === 'string') {
        const [prefix, suffix] = marked.split(FILLER_MARK);
        if (!(await writeFiller(response, prefix!, fault.bytes, suffix!))) return;
      } else {
        // A binary frame carries its length up front: the whole frame goes in one write.
        response.write(faultFrames.textDeltaFrame('x'.repeat(fault.bytes)));
      }
      if (!(await writeFrames(response, frames, stopAt, total, delayMs))) return;
      response.end();
      return;
    }
    case 'endless-stream': {
      if (!(await writeFrames(response, frames, 0, Math.min(fault.afterEvents, total), delayMs))) return;
      const frame = faultFrames.textDeltaFrame(' and so on');
      await trickle(response, fault.intervalMs, () => response.write(frame));
      return;
    }
    case 'stall-mid-stream': {
      const pauseAt = Math.min(fault.afterEvents, total);
      if (!(await writeFrames(response, frames, 0, pauseAt, delayMs))) return;
      if (pauseAt === 0) response.flushHeaders();
      if (!(await stall(response, fault.ms))) return;
      if (!(await writeFrames(response, frames, pauseAt, total, delayMs))) return;
      response.end();
      return;
    }
    default:
      // Fast path: the whole stream in one end() — one write for body and terminator.
      if (delayMs <= 0) {
        response.end(joinFrames(frames));
        return;
      }
      if (!(await writeFrames(response, frames, 0, total, delayMs))) return;
      response.end();
  }
}

/** Sends keep-alive frames every `everyMs` for `ms`; false if the client left. */
async function keepAliveFor(response: ServerResponse, ms: number, everyMs: number, faultFrames: StreamFaultFrames): Promise<boolean> {
  const endAt = Date.now() + ms;
  for (let leftMs = ms; leftMs > 0; leftMs = endAt - Date.now()) {
    if (!(await sleepWhileOpen(response, Math.min(everyMs, leftMs)))) return false;
    if (endAt - Date.now() > 0) response.write(faultFrames.keepAliveFrame());
  }
  return !response.destroyed;
}

/** Sends a non-stream 200 JSON body, applying the non-stream reading of a fault. */
export async function deliverJson(
  response: ServerResponse,
  headers: Record<string, string>,
  bodyText: string,
  fault: FaultSpec | undefined,
  chunkCount: number,
): Promise<void> {
  if (response.destroyed) return;
  switch (fault?.kind) {
    case 'reset-mid-stream': {
      // Headers promise the whole body; half of it arrives before the connection drops.
      const bytes = Buffer.from(bodyText);
      response.writeHead(200, { ...headers, 'content-length': String(bytes.length) });
      closeAfterFlush(response, bytes.subarray(0, Math.floor(bytes.length / 2)));
      return;
    }
    case 'stall-mid-stream':
      response.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(bodyText)) });
      response.flushHeaders();
      if (!(await stall(response, fault.ms))) return;
      response.end(bodyText);
      return;
    case 'slow-first-token':
      // Without a stream the whole answer is simply late.
      if (!(await sleepWhileOpen(response, fault.ms))) return;
      break;
    case 'slow-tokens':
      // A slow model makes the whole answer late: one delay per delta the stream would have had.
      if (!(await sleepWhileOpen(response, fault.delayMs * chunkCount))) return;
      break;
    case 'malformed-sse':
    case 'malformed-json':
      sendJson(response, 200, headers, '{"id":"broken","content":[{"type":"text","text":"unterminated');
      return;
    case 'huge-body':
    case 'huge-sse-event': {
      const prefix = '{"id":"huge","type":"message","role":"assistant","content":[{"type":"text","text":"';
      const suffix = '"}]}';
      const length = fault.kind === 'huge-body' && fault.declareLength ? { 'content-length': String(fillerLength(prefix, fault.bytes, suffix)) } : {};
      response.writeHead(200, { ...headers, ...length });
      if (await writeFiller(response, prefix, fault.bytes, suffix)) response.end();
      return;
    }
    case 'endless-stream':
      response.writeHead(200, headers);
      response.write('{"id":"endless","content":[{"type":"text","text":"');
      await trickle(response, fault.intervalMs, () => response.write(' and so on'));
      return;
    default:
      break;
  }
  sendJson(response, 200, headers, bodyText);
}
