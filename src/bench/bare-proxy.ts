/**
 * A measuring stick, not product code: the least a Node gateway must do per request (node:http in,
 * one JSON parse/stringify of the request, undici out, one JSON parse of a non-streaming answer,
 * SSE piped untouched). The bench runs it as its own child process so "Lifeline CPU ÷ bare proxy CPU"
 * says how much Lifeline costs over Node's own HTTP stack on the same machine, in the same run.
 * No logging, no metrics, no validation beyond what forwarding needs.
 *
 * Usage: node dist/bench/bare-proxy.js --port 0 --anthropic-url http://127.0.0.1:A --openai-url http://127.0.0.1:B/v1
 * Prints its own URL on stdout once it listens; exits on SIGTERM/SIGINT.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { Agent } from 'undici';
import { BARE_PROXY_PACED_MODEL, UPSTREAM_MODELS, type ClientFormat } from './scenarios.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'anthropic-url': { type: 'string' },
    'openai-url': { type: 'string' },
    'paced-anthropic-url': { type: 'string' },
  },
});

/** Where each inbound path goes: upstream origin, the model to set, and the upstream's auth headers. */
interface Upstream {
  origin: string;
  model: string;
  headers: Record<string, string>;
}

const routes = new Map<string, Upstream>();
const upstreamFor = (format: ClientFormat, url: string | undefined, headers: Record<string, string>): void => {
  if (url === undefined) return;
  const path = format === 'anthropic' ? '/v1/messages' : '/v1/chat/completions';
  routes.set(path, { origin: new URL(url).origin, model: UPSTREAM_MODELS[format], headers: { 'content-type': 'application/json', ...headers } });
};
upstreamFor('anthropic', values['anthropic-url'], { 'x-api-key': 'sk-bench-bare-proxy', 'anthropic-version': '2023-06-01' });
upstreamFor('openai', values['openai-url'], { authorization: 'Bearer sk-bench-bare-proxy' });
// The many-open-streams scenario's Anthropic requests name this model to reach the paced simulator.
const pacedUrl = values['paced-anthropic-url'];
const paced: Upstream | undefined =
  pacedUrl === undefined ? undefined : { ...routes.get('/v1/messages')!, origin: new URL(pacedUrl).origin };

// One keep-alive agent for every upstream, without a cap on connections per upstream like
// Lifeline's (src/providers/shared/upstream-client.ts): the many-open-streams scenario holds 1000.
const agent = new Agent({ connections: null, pipelining: 1 });

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function sendJson(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const route = request.method === 'POST' ? routes.get(request.url ?? '') : undefined;
  if (route === undefined) return sendJson(response, 404, '{"error":"not found"}');
  // Deliberately a bare JSON.parse: the floor a gateway pays to look at the request, no schema.
  const parsed: unknown = JSON.parse((await readBody(request)).toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null) return sendJson(response, 400, '{"error":"body must be a JSON object"}');
  const body = parsed as Record<string, unknown>;
  const upstream = paced !== undefined && body.model === BARE_PROXY_PACED_MODEL && request.url === '/v1/messages' ? paced : route;
  body.model = upstream.model;
  const answer = await agent.request({
    origin: upstream.origin,
    path: request.url ?? '/',
    method: 'POST',
    headers: upstream.headers,
    body: JSON.stringify(body),
  });
  if (body.stream === true) {
    // Streams are piped chunk by chunk, unparsed.
    response.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type'] ?? 'text/event-stream'), 'cache-control': 'no-cache' });
    for await (const chunk of answer.body as AsyncIterable<Buffer>) response.write(chunk);
    response.end();
    return;
  }
  const text = await answer.body.text();
  // Parsed only because a gateway must look at the answer (usage, errors); the result is discarded.
  JSON.parse(text);
  sendJson(response, answer.statusCode, text);
}

// Same keep-alive timeout as Lifeline's server (src/http/create-server.ts).
const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
  forward(request, response).catch((error: unknown) => {
    if (response.headersSent) response.destroy();
    else sendJson(response, 502, JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  });
});

server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object') process.stdout.write(`http://127.0.0.1:${address.port}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    // Nothing to drain gracefully: the bench stops it between runs, never mid-batch.
    server.closeAllConnections();
    server.close();
    void agent.destroy().finally(() => process.exit(0));
  });
}
