import { request } from 'undici';
import { statusSnapshotSchema, type StatusSnapshot } from './status-snapshot-schema.js';

export { DEFAULT_LIFELINE_URL } from './default-url.js';

/** A snapshot read from a running Lifeline, or why none could be. */
export type FetchStatusResult = { ok: true; snapshot: StatusSnapshot; body: unknown } | { ok: false; message: string };

/**
 * Reads `<baseUrl>/api/lifeline/status`. Never throws: an unreachable or non-Lifeline address
 * becomes a message that names the URL, so a script's log says what to fix.
 */
export async function fetchStatus(baseUrl: string, options: { timeoutMs?: number } = {}): Promise<FetchStatusResult> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  let url: URL;
  try {
    url = new URL('/api/lifeline/status', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  } catch {
    return { ok: false, message: `not a URL: ${baseUrl}` };
  }
  let status: number;
  let text: string;
  try {
    const response = await request(url, { method: 'GET', headersTimeout: timeoutMs, bodyTimeout: timeoutMs, headers: { accept: 'application/json' } });
    status = response.statusCode;
    text = await response.body.text();
  } catch (error) {
    return { ok: false, message: `Lifeline is not running at ${baseUrl} (${describeTransportError(error, timeoutMs)})` };
  }
  if (status !== 200) return { ok: false, message: `${baseUrl} answered HTTP ${status} for /api/lifeline/status: is Lifeline running at that URL?` };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, message: `${baseUrl} answered /api/lifeline/status with something that is not JSON: is Lifeline running at that URL?` };
  }
  const parsed = statusSnapshotSchema.safeParse(body);
  if (!parsed.success) return { ok: false, message: `${baseUrl} answered /api/lifeline/status with an unexpected shape: is Lifeline running at that URL?` };
  return { ok: true, snapshot: parsed.data, body };
}

function describeTransportError(error: unknown, timeoutMs: number): string {
  const code = codeOf(error);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `no answer within ${timeoutMs / 1000} s`;
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}

function codeOf(error: unknown): string | undefined {
  // undici may wrap the socket error; the system code can sit on the cause (or inside an AggregateError).
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const inner = current instanceof AggregateError ? current.errors[0] : (current as { cause?: unknown }).cause;
    current = inner;
  }
  return undefined;
}
