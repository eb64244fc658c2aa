import { describe, expect, it } from 'vitest';
import { RequestRefusedError } from '../errors/index.js';
import { requireJsonContentType } from './json-content-type.js';

function refusal(contentType: string | undefined): RequestRefusedError | undefined {
  try {
    requireJsonContentType(contentType);
    return undefined;
  } catch (error) {
    return error as RequestRefusedError;
  }
}

describe('requireJsonContentType', () => {
  it('accepts application/json in any case, with parameters (what the SDKs send)', () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', ' application/json ']) {
      expect(refusal(type), type).toBeUndefined();
    }
  });

  it('refuses with 415 what a page can POST cross-origin without a preflight, and no content-type at all', () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const error = refusal(type);
      expect(error, String(type)).toBeInstanceOf(RequestRefusedError);
      expect(error?.statusCode).toBe(415);
      expect(error?.message).toContain('application/json');
    }
  });

  it('refuses look-alikes', () => {
    for (const type of ['application/jsonp', 'application/json-patch+json', 'text/json', 'application/x-json']) {
      expect(refusal(type)?.statusCode, type).toBe(415);
    }
  });
});
