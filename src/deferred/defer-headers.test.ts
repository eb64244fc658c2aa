import { describe, expect, it } from 'vitest';
import { callbackUrlOf, deferAsked } from './defer-headers.js';

describe('deferAsked', () => {
  it('reads true and false, absent as undefined, and refuses anything else', () => {
    expect(deferAsked({ 'x-lifeline-defer': 'true' })).toBe(true);
    expect(deferAsked({ 'x-lifeline-defer': ' TRUE ' })).toBe(true);
    expect(deferAsked({ 'x-lifeline-defer': 'false' })).toBe(false);
    expect(deferAsked({})).toBeUndefined();
    expect(() => deferAsked({ 'x-lifeline-defer': 'later' })).toThrow(/must be "true" or "false"/);
  });
});

describe('callbackUrlOf', () => {
  it('takes an absolute http(s) URL and refuses other schemes, credentials and garbage', () => {
    expect(callbackUrlOf({ 'x-lifeline-callback-url': 'https://hooks.example/jobs?x=1' })).toBe('https://hooks.example/jobs?x=1');
    expect(callbackUrlOf({})).toBeUndefined();
    expect(() => callbackUrlOf({ 'x-lifeline-callback-url': 'file:///etc/passwd' })).toThrow(/http\(s\)/);
    expect(() => callbackUrlOf({ 'x-lifeline-callback-url': 'https://user:pw@hooks.example/' })).toThrow(/credentials/);
    expect(() => callbackUrlOf({ 'x-lifeline-callback-url': '/relative' })).toThrow(/absolute/);
  });
});
