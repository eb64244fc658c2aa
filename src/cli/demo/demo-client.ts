import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { DEMO_MODEL } from './demo-config.js';

/** The kinds of client request the demo mixes: both wire formats, streaming and not. */
export type DemoRequestKind = 'anthropic' | 'anthropic-stream' | 'openai' | 'openai-stream';

/** The rotation of kinds, so every second request streams and both SDK formats are exercised. */
export const DEMO_REQUEST_KINDS: readonly DemoRequestKind[] = ['anthropic-stream', 'anthropic', 'openai-stream', 'openai'];

/** What a client saw for one request. */
export interface DemoRequestResult {
  kind: DemoRequestKind;
  ok: boolean;
  status: number;
  /** `provider/model` that answered (Lifeline's `x-lifeline-target` header). */
  target?: string;
  /** Targets tried and failed first (`x-lifeline-failovers`), e.g. `anthropic/claude-sonnet-4-5=overloaded`. */
  failovers?: string;
  /** Why it counts as an error, when it does. */
  error?: string;
  durationMs: number;
}

const PROMPT = 'Say hello to the Lifeline demo.';

/**
 * Sends one client request to Lifeline over real HTTP, exactly as an SDK would, and reads the
 * whole answer: a stream counts as ok only when it ended properly without an error event.
 */
export async function sendDemoRequest(baseUrl: string, kind: DemoRequestKind, dispatcher: Dispatcher): Promise<DemoRequestResult> {
  const stream = kind.endsWith('-stream');
  const anthropic = kind.startsWith('anthropic');
  const startedAt = performance.now();
  const body = anthropic
    ? { model: DEMO_MODEL, max_tokens: 64, stream, messages: [{ role: 'user', content: PROMPT }] }
    : { model: DEMO_MODEL, max_completion_tokens: 64, stream, messages: [{ role: 'user', content: PROMPT }] };
  const headers: Record<string, string> = anthropic
    ? { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'demo-client' }
    : { 'content-type': 'application/json', authorization: 'Bearer demo-client' };
  try {
    const response = await request(`${baseUrl}${anthropic ? '/v1/messages' : '/v1/chat/completions'}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      dispatcher,
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const text = await response.body.text();
    const target = headerText(response.headers['x-lifeline-target']);
    const failovers = headerText(response.headers['x-lifeline-failovers']);
    const error = response.statusCode !== 200 ? `HTTP ${response.statusCode}` : stream ? streamProblem(text, anthropic) : undefined;
    return {
      kind,
      ok: error === undefined,
      status: response.statusCode,
      ...(target ? { target } : {}),
      ...(failovers ? { failovers } : {}),
      ...(error ? { error } : {}),
      durationMs: performance.now() - startedAt,
    };
  } catch (error) {
    return { kind, ok: false, status: 0, error: error instanceof Error ? error.message : String(error), durationMs: performance.now() - startedAt };
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A stream is whole when it carries its final event and no error event. */
function streamProblem(text: string, anthropic: boolean): string | undefined {
  if (anthropic) {
    if (text.includes('event: error')) return 'error event in the stream';
    return text.includes('event: message_stop') ? undefined : 'stream ended without message_stop';
  }
  if (/^data: \{"error"/m.test(text)) return 'error chunk in the stream';
  return text.includes('data: [DONE]') ? undefined : 'stream ended without [DONE]';
}
