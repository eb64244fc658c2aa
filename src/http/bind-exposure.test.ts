import { describe, expect, it } from 'vitest';
import { bindExposure, exposureRefusal } from './bind-exposure.js';

describe('bindExposure', () => {
  it('is quiet on loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) expect(bindExposure(host), host).toEqual({ exposed: false });
  });

  it('warns that the provider keys can be spent on every other address', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'gateway.lan']) {
      const exposure = bindExposure(host);
      expect(exposure.exposed, host).toBe(true);
      if (exposure.exposed) expect(exposure.warning).toMatch(new RegExp(`listens on ${host.replace(/[.]/g, '\\.')}.*spend the provider keys`));
    }
  });
});

describe('exposureRefusal', () => {
  it('refuses a non-loopback address without client keys unless the requirement is explicitly off', () => {
    expect(exposureRefusal('0.0.0.0', { clientKeyCount: 0, requireClientKey: undefined })).toMatch(/will not listen on 0\.0\.0\.0.*lifeline keys create/);
    expect(exposureRefusal('0.0.0.0', { clientKeyCount: 0, requireClientKey: true })).toMatch(/will not listen/);
    expect(exposureRefusal('0.0.0.0', { clientKeyCount: 0, requireClientKey: false })).toBeUndefined();
    expect(exposureRefusal('0.0.0.0', { clientKeyCount: 1, requireClientKey: undefined })).toBeUndefined();
    expect(exposureRefusal('127.0.0.1', { clientKeyCount: 0, requireClientKey: undefined })).toBeUndefined();
  });
});
