import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleAnthropicRequest } from './anthropic/anthropic-handler.js';
import { handleBedrockRequest } from './bedrock/bedrock-handler.js';
import { DEFAULT_ANTHROPIC_MODELS } from './anthropic/anthropic-models.js';
import { handleControlRequest, type ControlTarget } from './control-routes.js';
import type { Exchange } from './exchange.js';
import { FaultQueue } from './fault-queue.js';
import { handleOpenaiRequest } from './openai/openai-handler.js';
import { DEFAULT_OPENAI_MODELS } from './openai/openai-models.js';
import { handleGeminiRequest } from './gemini/gemini-handler.js';
import { DEFAULT_GEMINI_MODELS, DEFAULT_VERTEX_MODELS } from './gemini/gemini-models.js';
import { GoogleTokenStore } from './vertex/google-token-store.js';
import { handleVertexRequest } from './vertex/vertex-handler.js';
import { defaultReplyText } from './planned-reply.js';
import { flattenHeaders, RequestRecorder } from './request-recorder.js';
import { ScriptBook } from './script-book.js';
import type { SimulatorContext } from './simulator-context.js';
import type { RecordedRequest, SimulatorHandle, StartSimulatorOptions } from './types.js';

const CONTROL_PREFIX = '/_sim/';
const DEFAULT_CHUNK_COUNT = 8;
const DEFAULT_MAX_RECORDED_REQUESTS = 10_000;

function parseBody(text: string): { body: unknown; bodyIsInvalidJson: boolean } {
  if (text.length === 0) return { body: undefined, bodyIsInvalidJson: false };
  try {
    // The result is `unknown` and each handler validates it with its zod schema.
    return { body: JSON.parse(text) as unknown, bodyIsInvalidJson: false };
  } catch {
    return { body: undefined, bodyIsInvalidJson: true };
  }
}

function readBody(request: IncomingMessage, done: (text: string) => void): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const first = chunks[0];
    done(chunks.length === 1 && first ? first.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
  });
}

const DEFAULT_MODELS: Record<StartSimulatorOptions['format'], readonly string[]> = {
  anthropic: DEFAULT_ANTHROPIC_MODELS,
  openai: DEFAULT_OPENAI_MODELS,
  bedrock: DEFAULT_ANTHROPIC_MODELS,
  gemini: DEFAULT_GEMINI_MODELS,
  vertex: DEFAULT_VERTEX_MODELS,
};

/** The format's request handler; the Vertex one with its own token store and projects. */
function handlerFor(options: StartSimulatorOptions): (exchange: Exchange, context: SimulatorContext) => Promise<void> {
  switch (options.format) {
    case 'anthropic':
      return handleAnthropicRequest;
    case 'openai':
      return handleOpenaiRequest;
    case 'bedrock':
      return handleBedrockRequest;
    case 'gemini':
      return handleGeminiRequest;
    case 'vertex': {
      const state = { tokens: new GoogleTokenStore(options.google), projects: options.google?.projects ? new Set(options.google.projects) : undefined };
      return (exchange, context) => handleVertexRequest(exchange, context, state);
    }
  }
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts a provider simulator speaking the Anthropic Messages or OpenAI Chat Completions wire format.
 * @example
 * const sim = await startSimulator({ format: 'anthropic', script: [{ reply: { text: 'hi' } }] });
 * const client = new Anthropic({ baseURL: sim.url, apiKey: 'test' });
 * await sim.close();
 */
export async function startSimulator(options: StartSimulatorOptions): Promise<SimulatorHandle> {
  const host = options.host ?? '127.0.0.1';
  const name = options.name ?? `${options.format}-simulator`;
  const context: SimulatorContext = {
    format: options.format,
    name,
    keys: options.keys ? new Set(options.keys) : undefined,
    chunkCount: Math.max(1, Math.floor(options.chunkCount ?? DEFAULT_CHUNK_COUNT)),
    chunkDelayMs: Math.max(0, options.chunkDelayMs ?? 0),
    models: options.models ?? DEFAULT_MODELS[options.format],
    strictModels: options.strictModels ?? false,
    faults: new FaultQueue(),
    script: new ScriptBook(options.script ?? []),
    defaultReplyText: defaultReplyText(name, options.format),
    continuation: options.continuation ?? { mode: 'exact' },
    thoughtSignatures: new Set(),
    reasoningItemIds: new Set(),
    ...(options.format === 'bedrock' ? { aws: { region: options.aws?.region ?? 'us-east-1', credentials: options.aws?.credentials, apiKeys: options.aws?.apiKeys ?? [] } } : {}),
  };
  const recorder = new RequestRecorder(options.maxRecordedRequests ?? DEFAULT_MAX_RECORDED_REQUESTS);
  const formatHandler = handlerFor(options);
  const front = options.front;
  const answer = front
    ? (exchange: Exchange, simulator: SimulatorContext) => front.handle(exchange, (inner) => formatHandler(inner, simulator))
    : formatHandler;
  const sockets = new Set<Socket>();
  let closed = false;
  let reacceptTimer: NodeJS.Timeout | undefined;

  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    // A client that goes away mid-request must not crash the simulator.
    request.on('error', () => undefined);
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart < 0 ? url : url.slice(0, queryStart);
    const query = queryStart < 0 ? '' : url.slice(queryStart + 1);
    const method = request.method ?? 'GET';
    readBody(request, (text) => {
      const { body, bodyIsInvalidJson } = parseBody(text);
      if (path.startsWith(CONTROL_PREFIX)) {
        handleControlRequest(method, path, body, response, control);
        return;
      }
      const recorded: RecordedRequest = {
        method,
        path,
        query,
        headers: flattenHeaders(request.headers),
        body: body ?? (text.length > 0 ? text : null),
        receivedAt: Date.now(),
      };
      recorder.record(recorded);
      response.once('close', () => {
        recorded.outcome = { status: response.statusCode, complete: response.writableFinished };
      });
      const exchange: Exchange = { request, response, method, path, query, body, bodyIsInvalidJson, bodyText: text };
      answer(exchange, context).catch((error: unknown) => {
        if (response.headersSent) {
          response.destroy();
          return;
        }
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { type: 'simulator_error', message: String(error) } }));
      });
    });
  };

  const server = createServer(onRequest);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  const listen = (port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        resolve();
      });
    });

  const refuseConnections = async (): Promise<void> => {
    if (!server.listening) {
      for (const socket of sockets) socket.destroy();
      return;
    }
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  };

  await listen(options.port ?? 0);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator did not bind a TCP port');
  const port = address.port;

  const acceptConnections = async (): Promise<void> => {
    if (closed) throw new Error('simulator is closed');
    if (reacceptTimer) {
      clearTimeout(reacceptTimer);
      reacceptTimer = undefined;
    }
    if (!server.listening) await listen(port);
  };

  const control: ControlTarget = {
    addFault: (fault) => context.faults.add(fault),
    clearFaults: () => context.faults.clear(),
    setScript: (rules) => context.script.replace(rules),
    setContinuation: (behaviour) => {
      context.continuation = behaviour;
    },
    requests: () => recorder.list(),
    clearRequests: () => recorder.clear(),
    refuseConnections,
    acceptConnections,
    setAwsCredentials: (credentials) => {
      if (context.aws) context.aws.credentials = credentials;
    },
    refuseAfterResponse: (response, ms) => {
      response.once('finish', () => {
        void refuseConnections().then(() => {
          if (closed) return;
          if (reacceptTimer) clearTimeout(reacceptTimer);
          reacceptTimer = setTimeout(() => {
            reacceptTimer = undefined;
            if (!closed) acceptConnections().catch(() => undefined);
          }, ms);
        });
      });
    },
  };

  const base = `http://${formatHost(host)}:${port}`;
  return {
    url: front ? front.baseUrl(base) : options.format === 'openai' ? `${base}/v1` : base,
    port,
    control: {
      addFault: control.addFault,
      clearFaults: control.clearFaults,
      setScript: control.setScript,
      setContinuation: control.setContinuation,
      requests: control.requests,
      clearRequests: control.clearRequests,
      refuseConnections,
      acceptConnections,
      setAwsCredentials: control.setAwsCredentials,
    },
    close: async () => {
      closed = true;
      if (reacceptTimer) clearTimeout(reacceptTimer);
      reacceptTimer = undefined;
      await refuseConnections();
    },
  };
}
