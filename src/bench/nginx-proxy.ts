/**
 * nginx as the bench's reference reverse proxy: the issue states its targets next to "a plain nginx
 * reverse proxy costs about 50 µs CPU per request and 350 µs per 20-chunk stream on this machine",
 * so measuring nginx in the same run turns those absolute figures into ones for today's machine.
 * Optional: the bench runs without it when no nginx binary is installed (`apt-get install nginx-light`).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { closedLoopbackPort } from './free-port.js';
import { spawnTrackedProcess, type ChildHandle } from './spawn-process.js';

/** Where Debian and the usual source builds put the binary. */
const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'];

/** The nginx binary: `LIFELINE_BENCH_NGINX` when set (`off` disables it), else the first installed candidate. */
export function findNginx(environment: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): string | undefined {
  const configured = environment.LIFELINE_BENCH_NGINX;
  if (configured === 'off') return undefined;
  if (configured) {
    if (!exists(configured)) throw new Error(`LIFELINE_BENCH_NGINX=${configured}: no such file`);
    return configured;
  }
  return NGINX_CANDIDATES.find((candidate) => exists(candidate));
}

/** Upstream origins (`http://127.0.0.1:port`) nginx forwards to, by inbound path. */
export interface NginxUpstreams {
  anthropicOrigin: string;
  openaiOrigin: string;
}

/**
 * One process (no master, one worker's work in it) so its /proc CPU is all of nginx's; keep-alive
 * upstream pools as a gateway keeps; `proxy_buffering off` so SSE events pass as they arrive; no
 * access log, as the bare Node proxy logs nothing either.
 */
export function nginxConfig(port: number, upstreams: NginxUpstreams, directory: string): string {
  const hostPort = (origin: string): string => new URL(origin).host;
  return `daemon off;
master_process off;
worker_processes 1;
pid ${join(directory, 'nginx.pid')};
error_log ${join(directory, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${directory};
  proxy_temp_path ${directory};
  upstream anthropic { server ${hostPort(upstreams.anthropicOrigin)}; keepalive 64; }
  upstream openai { server ${hostPort(upstreams.openaiOrigin)}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_buffering off;
    location = /v1/messages { proxy_pass http://anthropic; }
    location = /v1/chat/completions { proxy_pass http://openai; }
  }
}
`;
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts nginx in `directory` in front of both simulators and waits until it accepts connections. */
export async function startNginx(binary: string, upstreams: NginxUpstreams, directory: string): Promise<ChildHandle> {
  mkdirSync(directory, { recursive: true });
  const port = await closedLoopbackPort();
  const configPath = join(directory, 'nginx.conf');
  writeFileSync(configPath, nginxConfig(port, upstreams, directory));
  const child = spawnTrackedProcess('nginx', binary, ['-c', configPath, '-p', directory, '-e', join(directory, 'error.log')]);
  let exitCode: number | null | undefined;
  void child.exited.then((code) => (exitCode = code));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`nginx exited (code ${exitCode}) before it listened; see ${join(directory, 'error.log')}`);
    if (await acceptsConnections(port)) return { ...child, url: `http://127.0.0.1:${port}` };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await child.stop(1000);
  throw new Error('nginx did not listen within 10 s');
}
