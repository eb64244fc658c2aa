import { describe, expect, it } from 'vitest';
import { LifelineError, UpstreamConnectionError, UpstreamTimeoutError } from '../../errors/index.js';
import { mapTransportError } from './map-transport-error.js';
import { DEFAULT_TIMEOUTS } from './upstream-client.js';

const context = () => ({ target: { provider: 'anthropic', model: 'claude-x' }, timeouts: DEFAULT_TIMEOUTS, signal: new AbortController().signal });

/** A Node system error as `net` emits it. */
function systemError(code: string, syscall = 'connect'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${syscall} ${code}`), { code, syscall, errno: -1 });
}

/** undici wraps socket errors: the system code sits on the cause. */
function wrapped(cause: Error): Error {
  return Object.assign(new Error('fetch failed', { cause }), { code: 'UND_ERR_SOCKET' });
}

describe('mapTransportError', () => {
  it.each(['EMFILE', 'ENFILE', 'ENOMEM', 'ENOBUFS', 'EADDRNOTAVAIL'])('%s (this machine ran out) is a LifelineError, never a network failure of the provider', (code) => {
    for (const error of [systemError(code), wrapped(systemError(code))]) {
      const mapped = mapTransportError(error, context());
      expect(mapped).toBeInstanceOf(LifelineError);
      expect(mapped).toMatchObject({ kind: 'resource_exhausted', errno: code, failureClass: 'internal', statusCode: 500 });
      expect(mapped.message).toContain(code);
    }
  });

  it('an argument undici refuses, or an error without any code, is a fault of ours', () => {
    const invalidArgument = Object.assign(new Error('invalid header value'), { code: 'UND_ERR_INVALID_ARG' });
    for (const error of [invalidArgument, new TypeError('Cannot read properties of undefined'), 'boom']) {
      expect(mapTransportError(error, context())).toMatchObject({ kind: 'bug', failureClass: 'internal' });
    }
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'UND_ERR_SOCKET', 'HPE_INVALID_CONSTANT', 'ERR_SSL_WRONG_VERSION_NUMBER'])(
    'a failure of the wire (%s) stays a network failure of the provider',
    (code) => {
      const mapped = mapTransportError(systemError(code), context());
      expect(mapped).toBeInstanceOf(UpstreamConnectionError);
      expect(mapped).toMatchObject({ failureClass: 'network', errno: code });
    },
  );

  it('timeouts keep their phase, and an aborted attempt takes the reason of its signal', () => {
    expect(mapTransportError(Object.assign(new Error('t'), { code: 'UND_ERR_BODY_TIMEOUT' }), context())).toMatchObject({ phase: 'idle' });
    const controller = new AbortController();
    const reason = new UpstreamTimeoutError('total', 1_000);
    controller.abort(reason);
    expect(mapTransportError(systemError('EMFILE'), { ...context(), signal: controller.signal })).toBe(reason);
  });
});
