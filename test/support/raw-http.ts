import { connect } from 'node:net';

/** What came back on a raw HTTP connection, and whether the server (not the test) closed it. */
export interface RawExchange {
  /** Everything received, as latin1 text. */
  text: string;
  /** True when the server closed the connection before `capMs`. */
  closedByServer: boolean;
  /** Bytes of `dribble` the test had sent when it stopped. */
  dribbled: number;
}

/** A parsed HTTP/1.1 answer: status, lower-case headers and the body parsed as JSON. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Opens a TCP connection, writes `head`, then writes `dribble` every `everyMs` (a slowloris)
 * until the server closes the connection or `capMs` passes, whichever comes first. For requests
 * no HTTP client would send: a foreign Host, headers that never end, bodies that never come.
 */
export function exchangeRaw(port: number, head: string, options: { dribble?: string; everyMs?: number; capMs: number }): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let dribbled = 0;
    let ticker: NodeJS.Timeout | undefined;
    const finish = (closedByServer: boolean) => {
      clearInterval(ticker);
      clearTimeout(cap);
      socket.destroy();
      resolve({ text, closedByServer, dribbled });
    };
    socket.on('connect', () => {
      socket.write(head);
      if (options.dribble === undefined) return;
      const dribble = options.dribble;
      ticker = setInterval(() => {
        if (!socket.writable) return;
        socket.write(dribble);
        dribbled += Buffer.byteLength(dribble);
      }, options.everyMs ?? 100);
    });
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
    const cap = setTimeout(() => finish(false), options.capMs);
  });
}

/** Parses the first HTTP answer in `text` (content-length bodies; enough for error answers). */
export function parseRawAnswer(text: string): RawAnswer {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) throw new Error(`no complete HTTP answer in ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? text.length - end - 4);
  const bodyText = text.slice(end + 4, end + 4 + length);
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = bodyText;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/** A request head with `Host: 127.0.0.1` unless `headers` names another. */
export function requestHead(method: string, path: string, headers: Record<string, string | number> = {}): string {
  const all: Record<string, string | number> = { host: '127.0.0.1', ...headers };
  return `${method} ${path} HTTP/1.1\r\n${Object.entries(all).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;
}
