import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeDeferredJobConformance } from './conformance/deferred-job-conformance.test-suite.js';
import { describeClientKeyConformance } from './conformance/client-key-conformance.test-suite.js';
import { describeIncidentConformance } from './conformance/incident-conformance.test-suite.js';
import { describeResponseConformance } from './conformance/response-conformance.test-suite.js';
import { describeProbeConformance } from './conformance/probe-conformance.test-suite.js';
import { describeRollupConformance } from './conformance/rollup-conformance.test-suite.js';
import { describeWebhookConformance } from './conformance/webhook-conformance.test-suite.js';
import type { LifelineStore } from './store.js';

/** Options for {@link runStoreConformance}. */
export interface StoreConformanceOptions {
  /** Shown in test names, e.g. `sqlite (file)`. */
  name: string;
  /** A fresh, empty store; called before every test and closed after it. */
  create: () => Promise<LifelineStore>;
  /** Skip the whole suite for this backend; a reason is required so a skip is never silent. */
  skip?: { reason: string };
}

/**
 * The behaviour every LifelineStore backend must share. Each backend's test file calls it once
 * per configuration, so a new backend (PostgreSQL) is done when this suite passes.
 * @example
 * runStoreConformance({ name: 'memory', create: async () => createMemoryStore() });
 */
export function runStoreConformance(options: StoreConformanceOptions): void {
  const describeSuite = options.skip === undefined ? describe : describe.skip;
  const title = options.skip === undefined ? `${options.name} store conformance` : `${options.name} store conformance (skipped: ${options.skip.reason})`;

  describeSuite(title, () => {
    let store: LifelineStore | undefined;
    const currentStore = (): LifelineStore => {
      if (store === undefined) throw new Error('No store: create() did not run');
      return store;
    };

    beforeEach(async () => {
      store = await options.create();
    });
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    describe('store', () => {
      it('names its kind', () => {
        expect(currentStore().kind).toMatch(/\S/);
      });

      it('can be closed twice', async () => {
        await currentStore().close();
        await expect(currentStore().close()).resolves.toBeUndefined();
      });

      it('rejects work after close', async () => {
        await currentStore().close();
        await expect(currentStore().incidents.list()).rejects.toThrow();
        await expect(currentStore().rollups.range('provider:a', 0, 1)).rejects.toThrow();
        await expect(currentStore().probes.latest('provider:a', 1)).rejects.toThrow();
        await expect(currentStore().webhooks.due(0)).rejects.toThrow();
        await expect(currentStore().clientKeys.list()).rejects.toThrow();
        await expect(currentStore().keyUsage.range(undefined, '2026-01-01', '2026-01-02')).rejects.toThrow();
        await expect(currentStore().deferredJobs.get('job_x')).rejects.toThrow();
        await expect(currentStore().responses.get('resp_x', 0)).rejects.toThrow();
      });
    });

    describeIncidentConformance(currentStore);
    describeRollupConformance(currentStore);
    describeProbeConformance(currentStore);
    describeWebhookConformance(currentStore);
    describeClientKeyConformance(currentStore);
    describeDeferredJobConformance(currentStore);
    describeResponseConformance(currentStore);
  });
}
