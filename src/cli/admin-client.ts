import { request } from 'undici';

/** A call to a running Lifeline's admin API, or why it failed (never throws). */
export type AdminCallResult = { ok: true; status: number; body: unknown } | { ok: false; message: string };

/**
 * Calls `<baseUrl><path>` with the admin bearer token. Errors come back as one line naming what
 * to fix: the URL when nothing answers, the token when it is refused, the server's own message
 * otherwise.
 */
export async function callAdmin(baseUrl: string, token: string | undefined, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<AdminCallResult> {
  if (!token) return { ok: false, message: 'no admin token: pass --token or set LIFELINE_ADMIN_TOKEN (the value of admin.token in lifeline.yaml)' };
  let response;
  try {
    response = await request(new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`), {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
  } catch (error) {
    return { ok: false, message: `Lifeline is not running at ${baseUrl} (${(error as { code?: string }).code ?? (error as Error).message})` };
  }
  const text = await response.body.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Keep the text: it still says what went wrong.
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return { ok: true, status: response.statusCode, body: parsed };
  const message = (parsed as { error?: { message?: unknown } } | undefined)?.error?.message;
  return { ok: false, message: `HTTP ${response.statusCode}: ${typeof message === 'string' ? message : text.slice(0, 300)}` };
}
