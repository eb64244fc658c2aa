import { describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../src/simulators/index.js';
import { healthBlock, primaryAndFallback, QUICK_BREAKER, startStack, watchAttempts, type Stack } from '../support/outage-stack.js';
import { providerVerdict, statusClient, summaryComponent, type StatusClient } from '../support/status-client.js';
import { startSteadyTraffic, type SteadyTraffic } from '../support/steady-traffic.js';
import { seconds, waitUntil } from '../support/wait-until.js';

/**
 * How fast Lifeline tells that a provider is failing, measured end to end with the simulators:
 * real HTTP, the shipped health windows and thresholds, real time. The bounds are the issue's
 * (status within 10 s of the first failure, incident within the debounce + 10 s, probes within
 * their interval + 10 s); the measured figures are printed, one `[detection]` line per case.
 */

const TRAFFIC_PER_SECOND = 4;
const DETECTION_BOUND_MS = 10_000;
const OPEN_AFTER_MS = 3_000;
const RESOLVE_AFTER_MS = 3_000;
const PROBE_INTERVAL_MS = 5_000;
const PROBE_IDLE_MS = 2_000;
/** Traffic before the fault: fills the 10 s recent window with answered requests, as in steady operation. */
const WARMUP_MS = 10_000;
const CASE_TIMEOUT_MS = 60_000;

const INCIDENTS = { open_after_ms: OPEN_AFTER_MS, resolve_after_ms: RESOLVE_AFTER_MS };

/** Runs `body` with a stack and a steady trickle of traffic, and always cleans both up. */
async function withTraffic(stack: Stack, model: string, body: (traffic: SteadyTraffic, status: StatusClient) => Promise<void>): Promise<void> {
  const traffic = startSteadyTraffic({ baseUrl: stack.lifeline.url, model, ratePerSecond: TRAFFIC_PER_SECOND });
  try {
    await body(traffic, statusClient(stack.lifeline.url));
  } finally {
    await traffic.stop();
    await stack.close();
  }
}

/** Waits until `provider` is operational in Lifeline's status with answered traffic behind the verdict. */
async function waitOperationalWithTraffic(status: StatusClient, provider: string): Promise<void> {
  await waitUntil(
    async () => {
      const verdict = providerVerdict(await status.lifelineStatus(), provider);
      return verdict.status === 'operational' && verdict.reason === 'all requests answered normally' ? verdict : undefined;
    },
    { timeoutMs: 10_000, description: `${provider} operational under traffic`, describeLast: async () => JSON.stringify(providerVerdict(await status.lifelineStatus(), provider)) },
  );
}

/** When both the Statuspage summary and Lifeline's own status first show `provider` not operational. */
async function waitNotOperational(status: StatusClient, provider: string, timeoutMs: number): Promise<{ summaryAtMs: number; lifelineAtMs: number; status: string; scope: string; reason: string }> {
  const [summary, lifeline] = await Promise.all([
    waitUntil(
      async () => {
        const component = summaryComponent(await status.summary(), provider);
        return component.status === 'operational' ? undefined : component;
      },
      { timeoutMs, description: `summary.json showing ${provider} not operational` },
    ),
    waitUntil(
      async () => {
        const verdict = providerVerdict(await status.lifelineStatus(), provider);
        return verdict.status === 'operational' ? undefined : verdict;
      },
      { timeoutMs, description: `/api/lifeline/status showing ${provider} not operational` },
    ),
  ]);
  return { summaryAtMs: summary.atMs, lifelineAtMs: lifeline.atMs, status: lifeline.value.status, scope: lifeline.value.scope, reason: lifeline.value.reason };
}

/**
 * The primary fails for good under steady traffic, then recovers: measures status, incident,
 * recovery and resolution against the first failed attempt.
 */
async function trafficOutageCase(name: string, fail: (sim: SimulatorHandle) => Promise<void> | void, recover: (sim: SimulatorHandle) => Promise<void> | void, expectedWords: RegExp): Promise<void> {
  const stack = await startStack({ ...primaryAndFallback(), config: { health: healthBlock(), incidents: INCIDENTS, resilience: QUICK_BREAKER } });
  const attempts = watchAttempts(stack, 'primary');
  const sim = stack.sims.primary!;
  await withTraffic(stack, 'claude-detect', async (traffic, status) => {
    await waitOperationalWithTraffic(status, 'primary');
    await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
    expect(providerVerdict(await status.lifelineStatus(), 'primary').status).toBe('operational');
    expect(await status.unresolvedIncidents()).toEqual([]);

    const faultAt = Date.now();
    await fail(sim);
    const shown = await waitNotOperational(status, 'primary', DETECTION_BOUND_MS + 5_000);
    const firstFailure = attempts.firstFailureAfter(faultAt);
    expect(firstFailure, 'a failed attempt on the primary').toBeDefined();
    const firstFailureAt = firstFailure!.at;
    const summaryMs = shown.summaryAtMs - firstFailureAt;
    const lifelineMs = shown.lifelineAtMs - firstFailureAt;
    expect(summaryMs).toBeLessThanOrEqual(DETECTION_BOUND_MS);
    expect(lifelineMs).toBeLessThanOrEqual(DETECTION_BOUND_MS);
    expect(shown.scope).toBe('global');
    expect(shown.reason).toMatch(expectedWords);

    // Watched side by side: the incident opens on its own clock, whatever the status does meanwhile.
    const [major, opened] = await Promise.all([
      // A provider failing every request is a major outage (once its breaker turns traffic away), not a partial one.
      waitUntil(async () => (summaryComponent(await status.summary(), 'primary').status === 'major_outage' ? true : undefined), {
        timeoutMs: DETECTION_BOUND_MS + 5_000,
        description: 'summary.json showing primary major_outage',
      }),
      waitUntil(async () => (await status.unresolvedIncidents())[0], {
        timeoutMs: OPEN_AFTER_MS + DETECTION_BOUND_MS + 5_000,
        description: 'an incident in /api/v2/incidents/unresolved.json',
      }),
    ]);
    const majorMs = major.atMs - firstFailureAt;
    expect(majorMs).toBeLessThanOrEqual(DETECTION_BOUND_MS + 5_000);
    const incidentMs = opened.atMs - firstFailureAt;
    expect(incidentMs).toBeLessThanOrEqual(OPEN_AFTER_MS + DETECTION_BOUND_MS);
    // The debounce is honoured: no incident before the component was out of operational that long.
    expect(opened.atMs - shown.lifelineAtMs).toBeGreaterThanOrEqual(OPEN_AFTER_MS - 1_000);
    expect(opened.value.status).toBe('investigating');
    // Statuspage attaches leaf components, inside the primary's group; the model the client named
    // (primary/*) is judged and counted toward the primary, but never named on the public page.
    const primaryGroupId = summaryComponent(await status.summary(), 'primary').id;
    expect(opened.value.components.map((component) => [component.name, component.group_id])).toEqual([['*', primaryGroupId]]);
    expect(JSON.stringify(opened.value)).not.toContain('claude-detect');
    expect(opened.value.name).toContain('primary');
    expect(opened.value.incident_updates.at(-1)?.body).toMatch(expectedWords);

    // Clients kept being answered, by the fallback, while the primary was failing.
    const duringOutage = traffic.results.filter((result) => result.startedAt > firstFailureAt && result.endedAt <= opened.atMs);
    expect(duringOutage.length).toBeGreaterThan(0);
    expect(duringOutage.every((result) => result.status === 200)).toBe(true);
    expect(duringOutage.filter((result) => result.target === 'fallback/gpt-5').length).toBeGreaterThan(0);

    const recoveredAt = Date.now();
    await recover(sim);
    const operational = await waitUntil(
      async () => {
        const verdict = providerVerdict(await status.lifelineStatus(), 'primary');
        return verdict.status === 'operational' ? verdict : undefined;
      },
      { timeoutMs: 30_000, description: 'primary operational again after recovery' },
    );
    const resolved = await waitUntil(
      async () => {
        if ((await status.unresolvedIncidents()).length > 0) return undefined;
        return (await status.incidents()).find((incident) => incident.id === opened.value.id);
      },
      { timeoutMs: RESOLVE_AFTER_MS + 15_000, description: 'the incident resolved' },
    );
    expect(resolved.value.status).toBe('resolved');
    expect(resolved.value.resolved_at).toBeTruthy();
    expect(resolved.atMs - operational.atMs).toBeGreaterThanOrEqual(RESOLVE_AFTER_MS - 1_000);

    console.log(
      `[detection] ${name} under ${TRAFFIC_PER_SECOND} req/s (after ${WARMUP_MS / 1000} s of answered traffic): first failure ${seconds(firstFailureAt - faultAt)} s after the fault; ` +
        `not operational in summary.json ${seconds(summaryMs)} s and /api/lifeline/status ${seconds(lifelineMs)} s after the first failure (${shown.status}, scope ${shown.scope}), major_outage ${seconds(majorMs)} s; ` +
        `incident open ${seconds(incidentMs)} s (open_after_ms ${OPEN_AFTER_MS}); ` +
        `after recovery: operational ${seconds(operational.atMs - recoveredAt)} s, incident resolved ${seconds(resolved.atMs - recoveredAt)} s (resolve_after_ms ${RESOLVE_AFTER_MS}, recover_after_ms 4000, breaker ejection 2 s)`,
    );
  });
  attempts.dispose();
}

// The cases run side by side (each has its own stack and ports): the file takes as long as its longest case.
describe.concurrent('detection speed with the simulators', () => {
  it(
    'persistent 529 under steady traffic: status APIs within 10 s of the first failure, incident after the debounce, resolved after recovery',
    () =>
      trafficOutageCase(
        'persistent 529',
        (sim) => sim.control.addFault({ kind: 'status', status: 529, persistent: true }),
        (sim) => sim.control.clearFaults(),
        /overloaded/,
      ),
    CASE_TIMEOUT_MS,
  );

  it(
    'refused connections under steady traffic: status APIs within 10 s of the first failure, incident after the debounce, resolved after recovery',
    () =>
      trafficOutageCase(
        'refused connections',
        (sim) => sim.control.refuseConnections(),
        (sim) => sim.control.acceptConnections(),
        /connection failures/,
      ),
    CASE_TIMEOUT_MS,
  );

  it(
    'no traffic, probes on: a failing provider is detected within the probe interval + 10 s',
    async () => {
      const stack = await startStack({
        providers: [
          { name: 'primary', simulator: { format: 'anthropic' } },
          { name: 'fallback', simulator: { format: 'openai' } },
        ],
        routes: { 'claude-quiet': ['primary/claude-quiet', 'fallback/gpt-5'] },
        config: { health: healthBlock({ probe: { enabled: true, interval_ms: PROBE_INTERVAL_MS, idle_ms: PROBE_IDLE_MS } }), incidents: INCIDENTS },
      });
      const attempts = watchAttempts(stack, 'primary');
      const status = statusClient(stack.lifeline.url);
      try {
        // The first probe goes out at start; wait for a second one so the fault lands right after a
        // passing probe: the worst moment, a whole interval before the next one.
        const secondProbe = await waitUntil(() => (attempts.events.filter((event) => event.source === 'probe' && event.outcome === 'success').length >= 2 ? true : undefined), {
          timeoutMs: PROBE_INTERVAL_MS + 5_000,
          intervalMs: 10,
          description: 'two passing probes of the primary',
        });
        expect(providerVerdict(await status.lifelineStatus(), 'primary').status).toBe('operational');
        const faultAt = secondProbe.atMs;
        stack.sims.primary!.control.addFault({ kind: 'status', status: 529, persistent: true });

        const bound = PROBE_INTERVAL_MS + DETECTION_BOUND_MS;
        const shown = await waitNotOperational(status, 'primary', bound + 5_000);
        const detectedAt = Math.max(shown.summaryAtMs, shown.lifelineAtMs);
        const failedProbes = attempts.events.filter((event) => event.source === 'probe' && event.outcome === 'failure' && event.at >= faultAt);
        expect(attempts.events.every((event) => event.source === 'probe')).toBe(true);
        expect(failedProbes.length).toBeGreaterThanOrEqual(1);
        expect(detectedAt - faultAt).toBeLessThanOrEqual(bound);
        expect(shown.reason).toMatch(/overloaded/);

        console.log(
          `[detection] no traffic, probes every ${PROBE_INTERVAL_MS / 1000} s (idle ${PROBE_IDLE_MS / 1000} s, follow-ups 3 s), persistent 529 starting just after a passing probe: ` +
            `not operational in summary.json ${seconds(shown.summaryAtMs - faultAt)} s and /api/lifeline/status ${seconds(shown.lifelineAtMs - faultAt)} s after the fault (${shown.status}, scope ${shown.scope}); ` +
            `failed probes at +${failedProbes.map((event) => seconds(event.at - faultAt)).join(' s, +')} s; bound ${bound / 1000} s`,
        );
      } finally {
        attempts.dispose();
        await stack.close();
      }
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'one bad key of two: scope key, still operational or degraded, the reason names the key label and never the key',
    async () => {
      const goodKey = 'sk-primary-good-key-1111';
      const badKey = 'sk-primary-revoked-key-2222';
      const stack = await startStack({
        ...primaryAndFallback({ keys: [goodKey, badKey], simulator: { format: 'anthropic', keys: [goodKey] } }),
        config: { health: healthBlock(), incidents: INCIDENTS, resilience: QUICK_BREAKER, admin: { token: 'admin-token-detection' } },
      });
      await withTraffic(stack, 'claude-keys', async (traffic, status) => {
        const startedAt = Date.now();
        const keyVerdict = await waitUntil(
          async () => {
            const verdict = providerVerdict(await status.lifelineStatus(), 'primary');
            return verdict.scope === 'key' ? verdict : undefined;
          },
          { timeoutMs: DETECTION_BOUND_MS, description: 'primary with scope key', describeLast: async () => JSON.stringify(providerVerdict(await status.lifelineStatus(), 'primary')) },
        );
        expect(['operational', 'degraded_performance']).toContain(keyVerdict.value.status);
        expect(keyVerdict.value.reason).toContain('key-2 …2222');
        expect(keyVerdict.value.reason).toMatch(/rejected by the provider \(auth\)/);
        expect(keyVerdict.value.reason).not.toContain(badKey);

        // It stays that way: the provider is fine, only one key is not, and clients are served.
        for (let check = 0; check < 10; check++) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          const verdict = providerVerdict(await status.lifelineStatus(), 'primary');
          expect(['operational', 'degraded_performance'], JSON.stringify(verdict)).toContain(verdict.status);
          expect(verdict.scope).toBe('key');
        }
        expect(traffic.results.length).toBeGreaterThan(5);
        expect(traffic.results.every((result) => result.status === 200)).toBe(true);
        expect(traffic.results.some((result) => result.target?.startsWith('primary/'))).toBe(true);

        // Neither key appears in anything Lifeline publishes, the admin key list included.
        for (const path of ['/api/lifeline/status', '/api/v2/summary.json', '/api/v2/components.json', '/status', '/metrics']) {
          const text = await status.text(path);
          expect(text, path).not.toContain(badKey);
          expect(text, path).not.toContain(goodKey);
        }
        const keys = await status.text('/admin/keys', { authorization: 'Bearer admin-token-detection' });
        expect(keys).toContain('key-2 …2222');
        expect(keys).not.toContain(badKey);
        expect(JSON.parse(keys)).toMatchObject({ keys: expect.arrayContaining([expect.objectContaining({ provider: 'primary', label: 'key-2 …2222', failing: true, failingClass: 'auth' })]) });

        console.log(
          `[detection] one bad key of two under ${TRAFFIC_PER_SECOND} req/s: scope key (${keyVerdict.value.status}) ${seconds(keyVerdict.atMs - startedAt)} s after traffic started; reason "${keyVerdict.value.reason}"`,
        );
      });
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'every provider refused at once: scope own_network for both',
    async () => {
      const stack = await startStack({
        providers: [
          { name: 'alpha', simulator: { format: 'anthropic' } },
          { name: 'beta', simulator: { format: 'openai' } },
        ],
        routes: { 'claude-*': ['alpha/*', 'beta/gpt-5'] },
        config: { health: healthBlock(), incidents: INCIDENTS, resilience: QUICK_BREAKER },
      });
      const alphaAttempts = watchAttempts(stack, 'alpha');
      await withTraffic(stack, 'claude-net', async (_traffic, status) => {
        await waitOperationalWithTraffic(status, 'alpha');
        const faultAt = Date.now();
        await Promise.all([stack.sims.alpha!.control.refuseConnections(), stack.sims.beta!.control.refuseConnections()]);
        const shown = await waitUntil(
          async () => {
            const current = await status.lifelineStatus();
            const verdicts = ['alpha', 'beta'].map((provider) => providerVerdict(current, provider));
            return verdicts.every((verdict) => verdict.scope === 'own_network' && verdict.status !== 'operational') ? verdicts : undefined;
          },
          {
            timeoutMs: DETECTION_BOUND_MS + 5_000,
            description: 'alpha and beta with scope own_network',
            describeLast: async () => JSON.stringify((await status.lifelineStatus()).components.filter((component) => component.kind === 'provider')),
          },
        );
        const firstFailureAt = alphaAttempts.firstFailureAfter(faultAt)?.at ?? faultAt;
        const detectionMs = shown.atMs - firstFailureAt;
        expect(detectionMs).toBeLessThanOrEqual(DETECTION_BOUND_MS);
        for (const verdict of shown.value) expect(verdict.reason).toMatch(/every provider is unreachable from Lifeline/);
        console.log(
          `[detection] every provider refused at once under ${TRAFFIC_PER_SECOND} req/s: scope own_network on both ${seconds(detectionMs)} s after the first failure (${shown.value.map((verdict) => `${verdict.name} ${verdict.status}`).join(', ')})`,
        );
      });
      alphaAttempts.dispose();
    },
    CASE_TIMEOUT_MS,
  );
});
