import { describe, expect, it } from 'vitest';
import { findNginx, nginxConfig } from './nginx-proxy.js';

describe('findNginx', () => {
  it('takes the first installed candidate, an explicit path, or none when switched off', () => {
    const installed = new Set(['/usr/bin/nginx', '/opt/nginx']);
    const exists = (path: string): boolean => installed.has(path);
    expect(findNginx({}, exists)).toBe('/usr/bin/nginx');
    expect(findNginx({ LIFELINE_BENCH_NGINX: '/opt/nginx' }, exists)).toBe('/opt/nginx');
    expect(findNginx({ LIFELINE_BENCH_NGINX: 'off' }, exists)).toBeUndefined();
    expect(findNginx({}, () => false)).toBeUndefined();
    expect(() => findNginx({ LIFELINE_BENCH_NGINX: '/missing/nginx' }, exists)).toThrow(/no such file/);
  });
});

describe('nginxConfig', () => {
  const config = nginxConfig(4567, { anthropicOrigin: 'http://127.0.0.1:1111', openaiOrigin: 'http://127.0.0.1:2222' }, '/tmp/x');

  it('runs as one process so its own CPU is all of nginx', () => {
    expect(config).toMatch(/^master_process off;$/m);
    expect(config).toMatch(/^daemon off;$/m);
  });

  it('routes each API path to its simulator over keep-alive and passes SSE unbuffered', () => {
    expect(config).toContain('listen 127.0.0.1:4567;');
    expect(config).toContain('upstream anthropic { server 127.0.0.1:1111; keepalive 64; }');
    expect(config).toContain('upstream openai { server 127.0.0.1:2222; keepalive 64; }');
    expect(config).toContain('location = /v1/messages { proxy_pass http://anthropic; }');
    expect(config).toContain('location = /v1/chat/completions { proxy_pass http://openai; }');
    expect(config).toContain('proxy_set_header Connection "";');
    expect(config).toContain('proxy_buffering off;');
    expect(config).toContain('access_log off;');
  });
});
