/**
 * Config every test stack starts from: the store in memory (no file left behind), no polling of
 * the providers' real status pages (this machine has no internet) and no active probes (they
 * would add requests the tests count). Tests that exercise either turn it back on.
 */
export function testConfigDefaults(): Record<string, unknown> {
  return {
    storage: { path: ':memory:' },
    health: { official: { enabled: false }, probe: { enabled: false } },
  };
}
