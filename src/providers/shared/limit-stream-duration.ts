import type { Readable } from 'node:stream';
import { UpstreamTimeoutError, type TargetRef } from '../../errors/index.js';

/**
 * Bounds a started stream by its own maximum duration: after `maxMs` the body is destroyed with an
 * UpstreamTimeoutError('stream'), which its reader meets as a read error (a timeout of the
 * provider; the stream relay may continue on the next target). The idle timeout still applies
 * between chunks all along; this one cuts a stream that never goes quiet and never ends. The
 * timer lives exactly as long as the body: it is cleared when the body closes, however it closes.
 */
export function limitStreamDuration(body: Readable, maxMs: number, target: TargetRef): void {
  if (!Number.isFinite(maxMs) || maxMs <= 0) return;
  const timer = setTimeout(() => body.destroy(new UpstreamTimeoutError('stream', maxMs, target)), maxMs);
  timer.unref();
  body.once('close', () => clearTimeout(timer));
}
