import { describe, expect, it } from 'vitest';
import { createHostCheck, hostNameOf } from './host-check.js';

describe('createHostCheck', () => {
  const loopbackOnly = createHostCheck({ boundHost: '127.0.0.1', allowedHosts: [] });

  it('accepts what the SDKs and Claude Code send: loopback names and addresses, with any port', () => {
    for (const host of ['127.0.0.1:4000', 'localhost:4000', 'LOCALHOST', 'app.localhost:4000', '[::1]:4000', 'localhost.']) {
      expect(loopbackOnly(host), host).toBe(true);
    }
  });

  it('accepts any IP address, which DNS cannot re-point', () => {
    expect(loopbackOnly('192.168.1.20:4000')).toBe(true);
    expect(loopbackOnly('[fe80::1]')).toBe(true);
  });

  it('refuses a name that is not configured: the DNS rebinding case', () => {
    for (const host of ['rebind.evil.example:4000', 'evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', 'lifeline.lan']) {
      expect(loopbackOnly(host), host).toBe(false);
    }
  });

  it('accepts the bound host, status.public_url\'s host and server.allowed_hosts (exact and *.suffix)', () => {
    const check = createHostCheck({ boundHost: 'gateway.lan', publicUrl: 'https://status.example.com/lifeline', allowedHosts: ['lifeline.internal', '*.corp.example'] });
    for (const host of ['gateway.lan:4000', 'status.example.com', 'Lifeline.Internal:8080', 'ai.corp.example']) expect(check(host), host).toBe(true);
    for (const host of ['corp.example', 'example.com', 'internal']) expect(check(host), host).toBe(false);
  });

  it('lets a request without Host through (HTTP/1.0; browsers always send one)', () => {
    expect(loopbackOnly(undefined)).toBe(true);
  });
});

describe('hostNameOf', () => {
  it('drops the port, IPv6 brackets and a trailing dot, and lower-cases', () => {
    expect(hostNameOf('Example.COM.:443')).toBe('example.com');
    expect(hostNameOf('[::1]:4000')).toBe('::1');
    expect(hostNameOf('127.0.0.1')).toBe('127.0.0.1');
  });
});
