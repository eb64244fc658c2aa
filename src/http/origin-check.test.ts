import { describe, expect, it } from 'vitest';
import { createOriginCheck } from './origin-check.js';

describe('createOriginCheck', () => {
  const judge = createOriginCheck({ allowedOrigins: ['http://localhost:5173'], publicUrl: 'https://status.example.com/' });

  it('calls Lifeline\'s own pages same-origin: same host as the request, or status.public_url', () => {
    expect(judge('http://127.0.0.1:4000', '127.0.0.1:4000')).toBe('same-origin');
    expect(judge('https://status.example.com', 'internal:4000')).toBe('same-origin');
  });

  it('allows exactly the configured origins', () => {
    expect(judge('http://localhost:5173', '127.0.0.1:4000')).toBe('allowed');
    expect(judge('http://localhost:5174', '127.0.0.1:4000')).toBe('foreign');
  });

  it('calls every other page foreign: another port on localhost, a remote site, null', () => {
    expect(judge('http://localhost:3000', '127.0.0.1:4000')).toBe('foreign');
    expect(judge('https://evil.example', '127.0.0.1:4000')).toBe('foreign');
    expect(judge('null', '127.0.0.1:4000')).toBe('foreign');
    expect(judge('http://127.0.0.1:4000', undefined)).toBe('foreign');
  });
});
