import { describe, expect, it } from 'vitest';
import { bindExposure } from './bind-exposure.js';

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
