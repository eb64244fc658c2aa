import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { healthBlock, primaryAndFallback, QUICK_BREAKER, startStack, type Stack } from '../support/outage-stack.js';
import { providerVerdict, statusClient } from '../support/status-client.js';
import { startSteadyTraffic, type SteadyTraffic } from '../support/steady-traffic.js';
import { seconds, waitUntil } from '../support/wait-until.js';

/**
 * The status page in headless Chromium against the whole product: simulators, gateway, health
 * monitor, incident manager and the page's SSE feed. Nothing is faked; the outage is a real one
 * under a steady trickle of traffic, and the page must follow it without a reload.
 */

const ARTIFACT = 'test-artifacts/status-page-live.png';
const OPEN_AFTER_MS = 2_000;
const RESOLVE_AFTER_MS = 2_000;
/** Live updates travel through health evaluation, incident debounce and SSE: generous, not tight. */
const LIVE_TIMEOUT_MS = 20_000;

let stack: Stack;
let traffic: SteadyTraffic;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({
    ...primaryAndFallback(),
    // An internal page: the model the client names through primary/* is shown once it answered.
    config: { health: { ...healthBlock(), dynamic_targets: { publish: true } }, incidents: { open_after_ms: OPEN_AFTER_MS, resolve_after_ms: RESOLVE_AFTER_MS }, resilience: QUICK_BREAKER, status: { page_name: 'Live drill' } },
  });
  traffic = startSteadyTraffic({ baseUrl: stack.lifeline.url, model: 'claude-live', ratePerSecond: 4 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await traffic?.stop();
  await stack?.close();
});

// Browser-side code goes in as strings: the project compiles without the DOM lib.
async function markNoReload(page: Page): Promise<void> {
  await page.evaluate('window.noReloadMarker = 17');
}

async function stillSameDocument(page: Page): Promise<boolean> {
  return (await page.evaluate('window.noReloadMarker === 17')) === true;
}

describe('live status page against the real stack', () => {
  it(
    'shows the providers operational, follows a real outage live (verdict, banner, incident timeline) and its resolution, without a reload',
    async () => {
      // The page lists the targets traffic has used, so let the primary's model be seen first.
      const status = statusClient(stack.lifeline.url);
      await waitUntil(
        async () => {
          const current = await status.lifelineStatus();
          return current.components.some((component) => component.id === 'target:primary/claude-live') && providerVerdict(current, 'primary').status === 'operational' ? true : undefined;
        },
        { timeoutMs: 10_000, description: 'primary/claude-live seen and operational' },
      );

      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const response = await page.goto(`${stack.lifeline.url}/status`);
      expect(response?.status()).toBe(200);
      await page.locator('html[data-live="true"]').waitFor();
      await expect.poll(() => page.locator('#live-state').textContent()).toContain('Live');

      const banner = page.locator('#overall h2');
      const primary = page.locator('.verdict[data-component-id="provider:primary"]');
      const primaryTarget = page.locator('.verdict[data-component-id="target:primary/claude-live"]');
      await expect(banner.textContent()).resolves.toBe('All Systems Operational');
      expect(await page.locator('.provider h3').allTextContents()).toEqual(['primary', 'fallback']);
      await expect(primary.locator('[data-field="status"]').textContent()).resolves.toBe('Operational');
      await expect(primaryTarget.locator('[data-field="status"]').textContent()).resolves.toBe('Operational');
      await expect(page.locator('[data-empty-for="active"]').isVisible()).resolves.toBe(true);

      // A real outage: the primary answers 529 to everything, under traffic.
      await markNoReload(page);
      const faultAt = Date.now();
      stack.sims.primary!.control.addFault({ kind: 'status', status: 529, persistent: true });

      await expect.poll(() => banner.textContent(), { timeout: LIVE_TIMEOUT_MS }).not.toBe('All Systems Operational');
      const bannerChangedMs = Date.now() - faultAt;
      await expect.poll(() => primary.locator('[data-field="status"]').textContent(), { timeout: LIVE_TIMEOUT_MS }).toMatch(/^(Degraded performance|Partial outage|Major outage)$/);
      await expect(primary.locator('[data-field="scope"]').textContent()).resolves.toBe('Whole provider');
      await expect(primary.locator('[data-field="reason"]').textContent()).resolves.toMatch(/overloaded/);
      await expect(page.locator('#overall').getAttribute('class')).resolves.toMatch(/banner--(degraded_performance|partial_outage|major_outage)/);
      // The fallback keeps answering and the page says so.
      await expect(page.locator('.verdict[data-component-id="provider:fallback"] [data-field="status"]').textContent()).resolves.toBe('Operational');

      // The incident opens after the debounce and appears, with its timeline, in the active list.
      const activeIncident = page.locator('[data-list="active"] article').first();
      await activeIncident.waitFor({ timeout: LIVE_TIMEOUT_MS });
      const incidentShownMs = Date.now() - faultAt;
      await expect(page.locator('[data-empty-for="active"]').isVisible()).resolves.toBe(false);
      await expect(activeIncident.locator('h3').textContent()).resolves.toContain('primary');
      await expect(activeIncident.locator('[data-field="incident-status"]').textContent()).resolves.toBe('Investigating');
      await expect(activeIncident.locator('.timeline-entry .body').last().textContent()).resolves.toMatch(/overloaded/);
      await expect(activeIncident.locator('.timeline-entry .author').last().textContent()).resolves.toBe('measured by Lifeline');
      const incidentId = await activeIncident.getAttribute('data-incident-id');
      expect(incidentId).toBeTruthy();
      const apiIncident = (await status.unresolvedIncidents()).find((incident) => incident.id === incidentId);
      expect(apiIncident?.name).toBe(await activeIncident.locator('h3').textContent());
      expect(await stillSameDocument(page)).toBe(true);

      await page.evaluate('document.activeElement && document.activeElement.blur()');
      await mkdir('test-artifacts', { recursive: true });
      await page.screenshot({ path: ARTIFACT, fullPage: true });

      // Recovery: back to operational, the incident goes monitoring, then resolved into the past list.
      const recoveredAt = Date.now();
      stack.sims.primary!.control.clearFaults();
      await expect.poll(() => banner.textContent(), { timeout: 30_000 }).toBe('All Systems Operational');
      const operationalMs = Date.now() - recoveredAt;
      await expect(primary.locator('[data-field="status"]').textContent()).resolves.toBe('Operational');
      const pastIncident = page.locator(`[data-list="past"] #incident-${incidentId}`);
      await pastIncident.waitFor({ timeout: LIVE_TIMEOUT_MS });
      const resolvedMs = Date.now() - recoveredAt;
      await expect(pastIncident.locator('[data-field="incident-status"]').textContent()).resolves.toBe('Resolved');
      await expect(page.locator('[data-list="active"] article').count()).resolves.toBe(0);
      const timeline = await pastIncident.locator('.timeline-entry strong').allTextContents();
      expect(timeline[0]).toBe('Resolved');
      expect(timeline.at(-1)).toBe('Investigating');
      expect(timeline).toContain('Monitoring');
      expect(await stillSameDocument(page)).toBe(true);
      expect(pageErrors).toEqual([]);
      await page.close();

      console.log(
        `[status-page-live] banner changed ${seconds(bannerChangedMs)} s after the fault; incident on the page ${seconds(incidentShownMs)} s (open_after_ms ${OPEN_AFTER_MS}); ` +
          `after recovery: banner operational ${seconds(operationalMs)} s, incident in the past list ${seconds(resolvedMs)} s; timeline ${timeline.join(' ← ')}`,
      );
    },
    90_000,
  );
});
