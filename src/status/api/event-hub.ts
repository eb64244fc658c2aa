import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../http/send-json.js';
import type { Subscription } from '../../core/typed-event.js';

/** One Server-Sent Event. */
export interface ServerSentEvent {
  event: string;
  /** Serialised once per broadcast, whatever the number of clients. */
  data: string;
  /**
   * Events with the same key replace each other while a slow client's queue waits to drain:
   * a snapshot is state, so only the latest one matters.
   */
  coalesceKey?: string;
}

export interface EventHubOptions {
  /** Comment lines sent this often keep proxies from closing idle streams. Default 15 s. */
  keepAliveMs?: number;
  /** A client whose queue grows past this while blocked is dropped; EventSource reconnects. Default 100. */
  maxQueuedEvents?: number;
  /**
   * A client whose socket has taken nothing for this long (it stopped reading) is dropped, checked
   * at each keep-alive. Default 60 s.
   */
  maxBlockedMs?: number;
  /** Open streams at most; one more is answered 503 with a JSON body. Default 100. */
  maxClients?: number;
  /** Subscribes the hub to its sources; called when the first client arrives, disposed when the last leaves. */
  subscribe(broadcast: (event: ServerSentEvent) => void): Subscription[];
}

/** A set of open SSE streams that receive every broadcast. */
export interface EventHub {
  /** Takes over `response` as an event stream and sends `initial` first. */
  attach(request: IncomingMessage, response: ServerResponse, initial: ServerSentEvent[]): void;
  broadcast(event: ServerSentEvent): void;
  readonly clientCount: number;
  /** Ends every stream and unsubscribes; later `attach` calls end at once. */
  close(): void;
}

interface Client {
  response: ServerResponse;
  /** Waiting for 'drain': writes go to `queue` instead of the socket. */
  blocked: boolean;
  /** When the socket last refused a write (`blocked` became true). */
  blockedSinceMs: number;
  queue: ServerSentEvent[];
}

/** Reconnect delay EventSource uses after a drop, ms. */
const RETRY_MS = 2_000;

/** Renders one event in the text/event-stream format (data holds no newlines: it is JSON). */
export function formatEvent(event: ServerSentEvent): string {
  return `event: ${event.event}\ndata: ${event.data}\n\n`;
}

/**
 * Server-Sent Events to many clients, with backpressure: when a socket's buffer is full the client
 * is marked blocked and its events queue (coalescing snapshots) until 'drain'; a client that
 * falls too far behind, or stays blocked for `maxBlockedMs`, is dropped rather than letting memory
 * and sockets grow. At most `maxClients` streams are open at once.
 */
export function createEventHub(options: EventHubOptions): EventHub {
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const maxQueuedEvents = options.maxQueuedEvents ?? 100;
  const maxBlockedMs = options.maxBlockedMs ?? 60_000;
  const maxClients = options.maxClients ?? 100;
  const clients = new Set<Client>();
  let subscriptions: Subscription[] = [];
  let keepAlive: NodeJS.Timeout | undefined;
  let closed = false;

  const write = (client: Client, text: string): void => {
    if (!client.response.write(text)) {
      client.blocked = true;
      client.blockedSinceMs = Date.now();
      client.response.once('drain', () => flush(client));
    }
  };

  const flush = (client: Client): void => {
    client.blocked = false;
    while (!client.blocked && client.queue.length > 0 && clients.has(client)) {
      const next = client.queue.shift() as ServerSentEvent;
      write(client, formatEvent(next));
    }
  };

  const send = (client: Client, event: ServerSentEvent): void => {
    if (!client.blocked) {
      write(client, formatEvent(event));
      return;
    }
    if (event.coalesceKey !== undefined) client.queue = client.queue.filter((queued) => queued.coalesceKey !== event.coalesceKey);
    client.queue.push(event);
    if (client.queue.length > maxQueuedEvents) client.response.destroy();
  };

  const broadcast = (event: ServerSentEvent): void => {
    for (const client of clients) send(client, event);
  };

  const detach = (client: Client): void => {
    if (!clients.delete(client) || clients.size > 0) return;
    for (const subscription of subscriptions) subscription.dispose();
    subscriptions = [];
    clearInterval(keepAlive);
    keepAlive = undefined;
  };

  return {
    attach(request, response, initial) {
      if (closed) {
        response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' }).end('shutting down');
        return;
      }
      if (clients.size >= maxClients) {
        // A JSON body says why; EventSource gives up on a 503, the page then shows it is not live.
        sendJson(response, 503, { error: { code: 'too_many_event_clients', message: `The live feed already has ${maxClients} clients (status.max_event_clients); try again later.` } }, { 'retry-after': '30' });
        return;
      }
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Tells nginx-style proxies not to buffer the stream.
        'x-accel-buffering': 'no',
      });
      const client: Client = { response, blocked: false, blockedSinceMs: 0, queue: [] };
      if (clients.size === 0) {
        subscriptions = options.subscribe(broadcast);
        keepAlive = setInterval(() => {
          const now = Date.now();
          for (const each of clients) {
            if (!each.blocked) write(each, ': keep-alive\n\n');
            // Its unread bytes sit in memory and its socket stays open for nothing: let it go.
            else if (now - each.blockedSinceMs >= maxBlockedMs) each.response.destroy();
          }
        }, keepAliveMs);
        keepAlive.unref();
      }
      clients.add(client);
      response.on('close', () => detach(client));
      request.on('error', () => detach(client));
      write(client, `retry: ${RETRY_MS}\n\n`);
      for (const event of initial) send(client, event);
    },
    broadcast,
    get clientCount() {
      return clients.size;
    },
    close() {
      closed = true;
      for (const client of [...clients]) {
        client.response.end();
        detach(client);
      }
    },
  };
}
