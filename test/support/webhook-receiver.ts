import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got, kept byte for byte (signatures are over the raw body). */
export interface ReceivedWebhook {
  event: string | undefined;
  deliveryId: string | undefined;
  signature: string | undefined;
  rawBody: string;
  receivedAt: number;
  /** What the receiver answered. */
  status: number;
  /** 1 for the first attempt of this delivery id, 2 for its first retry, ... */
  attempt: number;
}

/** A local webhook receiver (node:http on 127.0.0.1, port 0). */
export interface WebhookReceiver {
  url: string;
  readonly received: readonly ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * Starts a receiver that answers each POST with `answer(attempt)`: the attempt number of that
 * delivery id, so "fail twice, then succeed" is `(attempt) => (attempt <= 2 ? 500 : 200)`.
 */
export async function startWebhookReceiver(answer: (attempt: number) => number = () => 200): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const attemptsById = new Map<string, number>();
  const header = (request: IncomingMessage, name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const deliveryId = header(request, 'x-lifeline-delivery');
      const attempt = (attemptsById.get(deliveryId ?? '') ?? 0) + 1;
      attemptsById.set(deliveryId ?? '', attempt);
      const status = answer(attempt);
      received.push({
        event: header(request, 'x-lifeline-event'),
        deliveryId,
        signature: header(request, 'x-lifeline-signature'),
        rawBody: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
        status,
        attempt,
      });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/lifeline`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
