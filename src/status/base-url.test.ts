import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createHostCheck } from '../http/host-check.js';
import { baseUrlFor } from './base-url.js';

const requestWithHost = (host: string | undefined) => ({ headers: host === undefined ? {} : { host } }) as IncomingMessage;
const hostAllowed = createHostCheck({ boundHost: '127.0.0.1', allowedHosts: ['lifeline.lan'] });

describe('baseUrlFor', () => {
  it('uses status.public_url when set, whatever the Host', () => {
    expect(baseUrlFor(requestWithHost('evil.example'), 'https://status.example.com/', hostAllowed)).toBe('https://status.example.com');
  });

  it('echoes a Host that passes the front door\'s check', () => {
    expect(baseUrlFor(requestWithHost('127.0.0.1:4000'), undefined, hostAllowed)).toBe('http://127.0.0.1:4000');
    expect(baseUrlFor(requestWithHost('lifeline.lan:4000'), undefined, hostAllowed)).toBe('http://lifeline.lan:4000');
  });

  it('never puts an unchecked Host into links', () => {
    expect(baseUrlFor(requestWithHost('rebind.evil.example:4000'), undefined, hostAllowed)).toBe('http://localhost');
    expect(baseUrlFor(requestWithHost(undefined), undefined, hostAllowed)).toBe('http://localhost');
  });
});
