import type { Exchange } from './exchange.js';
import { reasonPhrase, resetConnection, sendJson, stall } from './exchange.js';
import { writeFiller } from './write-filler.js';
import type { FaultQueue, FaultTarget } from './fault-queue.js';
import type { FaultSpec } from './types.js';

/** A complete error response in the simulator's format. */
export interface RenderedError {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type StatusFault = Extract<FaultSpec, { kind: 'status' }>;

/** How a format renders the faults that answer before any 200 header. */
export interface EarlyFaultRenderers {
  statusError(fault: StatusFault): RenderedError;
  /** Non-stream reading of an `error-event` fault: the HTTP status error carrying that error type. */
  errorEventAsStatus(errorType: string | undefined, message: string | undefined): RenderedError;
}

/**
 * Applies the part of a fault that happens before a 200 is sent.
 * Returns `answered` when the exchange is finished, or the fault still to apply while answering
 * (undefined when nothing is left, e.g. after a finite stall).
 */
export async function applyEarlyFault(
  exchange: Exchange,
  fault: FaultSpec,
  isStream: boolean,
  renderers: EarlyFaultRenderers,
): Promise<'answered' | { remaining: FaultSpec | undefined }> {
  switch (fault.kind) {
    case 'status': {
      const error = renderers.statusError(fault);
      sendJson(exchange.response, error.status, error.headers, error.body);
      return 'answered';
    }
    case 'reset-before-headers':
      resetConnection(exchange.response);
      return 'answered';
    case 'stall-before-first-byte':
      return (await stall(exchange.response, fault.ms)) ? { remaining: undefined } : 'answered';
    case 'huge-error-body': {
      exchange.response.writeHead(fault.status, reasonPhrase(fault.status), { 'content-type': 'application/json' });
      if (await writeFiller(exchange.response, '{"type":"error","error":{"type":"api_error","message":"', fault.bytes, '"}}')) exchange.response.end();
      return 'answered';
    }
    case 'error-event':
      if (isStream) return { remaining: fault };
      {
        const error = renderers.errorEventAsStatus(fault.errorType, fault.message);
        sendJson(exchange.response, error.status, error.headers, error.body);
      }
      return 'answered';
    default:
      return { remaining: fault };
  }
}

/** What a fault's message and header values say where they write {@link ECHOED_KEY}. */
export const ECHOED_KEY = '{{key}}';

/**
 * The fault with {@link ECHOED_KEY} in its message and header values replaced by the key the
 * request carried: a provider that quotes the key it was sent back in its errors and headers.
 */
export function echoKey(fault: FaultSpec, key: string | undefined): FaultSpec {
  const echo = (text: string) => text.split(ECHOED_KEY).join(key ?? '');
  const echoed: FaultSpec = 'message' in fault && fault.message !== undefined ? { ...fault, message: echo(fault.message) } : fault;
  if (echoed.kind !== 'status' || !echoed.headers) return echoed;
  return { ...echoed, headers: Object.fromEntries(Object.entries(echoed.headers).map(([name, value]) => [name, echo(value)])) };
}

/**
 * Takes the first queued fault that matches this request and applies its early part, the same for
 * every format. Returns `answered` when the fault finished the exchange, else the fault (if any)
 * still to apply while answering.
 */
export async function takeEarlyFault(
  faults: FaultQueue,
  exchange: Exchange,
  target: FaultTarget,
  renderers: EarlyFaultRenderers,
): Promise<'answered' | { remaining: FaultSpec | undefined }> {
  const fault = faults.take(target);
  return fault ? applyEarlyFault(exchange, echoKey(fault, target.key), target.stream, renderers) : { remaining: undefined };
}
