/** What decides which browser origins may call Lifeline. */
export interface OriginCheckOptions {
  /** `server.allowed_origins`, already normalised (`http://localhost:5173`). */
  allowedOrigins: readonly string[];
  /** `status.public_url`: pages served from there are Lifeline's own. */
  publicUrl?: string | undefined;
}

/** Whether a request's `Origin` may use it, and whether that origin is one configured for CORS. */
export type OriginVerdict = 'same-origin' | 'allowed' | 'foreign';

/**
 * Judges the `Origin` header browsers add to cross-origin requests (and to same-origin POSTs).
 * Lifeline's own pages (same host as the request's `Host`, already checked against rebinding, or
 * `status.public_url`) are `same-origin`; `server.allowed_origins` are `allowed` and get CORS
 * headers; anything else, `null` included (sandboxed frames, `file:`), is `foreign`.
 * @example createOriginCheck({ allowedOrigins: ['http://localhost:5173'] })('http://localhost:5173', '127.0.0.1:4000') // 'allowed'
 */
export function createOriginCheck(options: OriginCheckOptions): (origin: string, hostHeader: string | undefined) => OriginVerdict {
  const allowed = new Set(options.allowedOrigins);
  const own = options.publicUrl === undefined ? undefined : new URL(options.publicUrl).origin;
  return (origin, hostHeader) => {
    const value = origin.toLowerCase();
    if (value === own) return 'same-origin';
    if (hostHeader !== undefined) {
      const host = hostHeader.toLowerCase();
      if (value === `http://${host}` || value === `https://${host}`) return 'same-origin';
    }
    return allowed.has(value) ? 'allowed' : 'foreign';
  };
}
