import { describe, expect, it, vi } from 'vitest';
import { lazyModule } from './lazy-module.js';

describe('lazyModule', () => {
  it('refuses use before loading, loads once, then answers synchronously', async () => {
    const importer = vi.fn(async () => ({ answer: 42 }));
    const module = lazyModule('example', importer);
    expect(() => module.get()).toThrow(/example used before it was loaded/);
    await Promise.all([module.load(), module.load()]);
    expect(importer).toHaveBeenCalledTimes(1);
    expect(module.get().answer).toBe(42);
  });
});
