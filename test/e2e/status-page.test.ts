import { copyFile, mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TypedEmitter } from '../../src/core/typed-event.js';
import { createStatusRoutes, type StatusRoutes } from '../../src/status/create-status-routes.js';
import type { IncidentEvent } from '../../src/status/health-source.js';
import { createFakeHealthSource, sampleSnapshot, type FakeHealthSource } from '../support/status/fake-health-source.js';
import { seedHistory } from '../support/status/seed-history.js';
import { serveRoutes, type RouteServer } from '../support/status/serve-routes.js';
import { createMemoryStore } from '../../src/store/memory/memory-store.js';
import type { LifelineStore } from '../../src/store/store.js';
import { launchChromium } from '../support/chromium.js';

const ARTIFACT = 'test-artifacts/status-page.png';
const README_SCREENSHOT = 'docs/status-page.png';

let browser: Browser;
let server: RouteServer;
let status: StatusRoutes;
let health: FakeHealthSource;
let store: LifelineStore;
const incidentEvents = new TypedEmitter<IncidentEvent>();

beforeAll(async () => {
  const nowMs = Date.now();
  store = createMemoryStore();
  health = createFakeHealthSource(sampleSnapshot({ at: nowMs }));
  await seedHistory(store, nowMs, health.snapshot().components.map((component) => component.id));
  const past = await store.incidents.create({
    title: 'Elevated errors on openai/gpt-5',
    status: 'investigating',
    impact: 'minor',
    componentIds: ['target:openai/gpt-5'],
    automatic: true,
    body: '14% of requests failed with server (500) over 2 min',
    at: nowMs - 3 * 86_400_000,
  });
  await store.incidents.update(past.id, { status: 'resolved', body: 'No failures for 5 min; error rate 0%', automatic: true, at: nowMs - 3 * 86_400_000 + 900_000 });
  status = createStatusRoutes({ health, store, incidents: { onIncident: incidentEvents.event }, pageName: 'Acme AI' });
  server = await serveRoutes([...status.routes, status.rootRoute]);
  browser = await launchChromium();
});

afterAll(async () => {
  status?.close();
  await browser?.close();
  await server?.close();
});

/** WCAG contrast ratio of two `rgb(r, g, b)` colours. */
function contrastRatio(first: string, second: string): number {
  const luminance = (colour: string): number => {
    const [red = 0, green = 0, blue = 0] = (colour.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((channel) => {
      const value = channel / 255;
      return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
  };
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

// Browser-side code is passed as strings: the project compiles without the DOM lib.

/** Marks the loaded document, to prove later that the page never navigated (no reload). */
async function markNoReload(page: Page): Promise<void> {
  await page.evaluate('window.noReloadMarker = 42');
}

async function stillSameDocument(page: Page): Promise<boolean> {
  return (await page.evaluate('window.noReloadMarker === 42')) === true;
}

describe('status page in headless Chromium', () => {
  it('renders, then reflects an outage and its incident live without reloading, and is accessible', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const response = await page.goto(`${server.url}/status`);
    expect(response?.status()).toBe(200);
    await page.locator('html[data-live="true"]').waitFor();
    await expect.poll(() => page.locator('#live-state').textContent()).toContain('Live');

    // It renders: banner, every provider and model, uptime bars, charts.
    await expect(page.locator('#overall h2').textContent()).resolves.toBe('All Systems Operational');
    expect(await page.locator('.provider h3').allTextContents()).toEqual(['anthropic', 'openai']);
    expect(await page.locator('.target h4').allTextContents()).toEqual(['anthropic/claude-opus', 'anthropic/claude-haiku', 'openai/gpt-5']);
    expect(await page.locator('.uptime-bars').count()).toBe(5);
    expect(await page.locator('.uptime-bars li').count()).toBe(5 * 90);
    expect(await page.locator('.uptime-bars li.day--major_outage').count()).toBeGreaterThan(0);
    expect(await page.locator('svg[role="img"] polyline').count()).toBeGreaterThan(0);
    await expect(page.locator('#past-incidents').textContent()).resolves.toContain('Elevated errors on openai/gpt-5');
    await expect(page.locator('[data-empty-for="active"]').isVisible()).resolves.toBe(true);

    // Accessibility facts.
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('contentinfo').count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual(['Acme AI status']);
    const headingLevels = await page.locator('h1, h2, h3, h4').evaluateAll((headings) => headings.map((heading) => Number(heading.tagName.slice(1))));
    headingLevels.reduce((previous, level) => {
      expect(level - previous).toBeLessThanOrEqual(1);
      return level;
    });
    await expect(page.getByRole('list', { name: /^Daily uptime of anthropic, last 90 days: \d+(\.\d+)? % uptime$/ }).count()).resolves.toBe(1);
    const barNames = await page.locator('.uptime-bars li').evaluateAll((bars) => bars.map((bar) => bar.textContent ?? ''));
    expect(barNames.every((name) => /^\d{4}-\d{2}-\d{2}: /.test(name))).toBe(true);
    expect(await page.getByRole('img', { name: /^Latency and time to first token of anthropic, last 60 minutes/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /Latency: mean \d+ ms/ }).count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[aria-live="polite"]').count()).toBe(1);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate('({ text: document.activeElement.textContent, outline: getComputedStyle(document.activeElement).outlineStyle })');
    expect(focused).toEqual({ text: 'Skip to content', outline: 'solid' });

    // The outage arrives over SSE: banner, verdicts and announcements change in place.
    await markNoReload(page);
    health.set(sampleSnapshot({ at: Date.now(), outage: true }));
    await expect.poll(() => page.locator('#overall h2').textContent()).toBe('Major System Outage');
    const anthropic = page.locator('.verdict[data-component-id="provider:anthropic"]');
    await expect(anthropic.locator('[data-field="status"]').textContent()).resolves.toBe('Major outage');
    await expect(anthropic.locator('[data-field="scope"]').textContent()).resolves.toBe('Whole provider');
    await expect(anthropic.locator('[data-field="reason"]').textContent()).resolves.toBe('every request failed with overloaded (529) for 40 s');
    await expect(page.locator('#overall').getAttribute('class')).resolves.toContain('banner--major_outage');
    await expect.poll(() => page.locator('#announcer').textContent()).toContain('anthropic: Major outage.');

    // An incident opens, then gets an update: the timeline grows live.
    const opened = await store.incidents.create({
      title: 'Major outage on anthropic',
      status: 'investigating',
      impact: 'critical',
      componentIds: ['provider:anthropic', 'target:anthropic/claude-opus', 'target:anthropic/claude-haiku'],
      automatic: true,
      body: '40 of 40 requests failed in the last 40 s (overloaded: 40) on 2 models and 2 keys',
    });
    incidentEvents.emit({ kind: 'opened', incident: opened });
    const article = page.locator(`#incident-${opened.id}`);
    await article.waitFor();
    await expect(page.locator('[data-list="active"] article').count()).resolves.toBe(1);
    await expect(page.locator('[data-empty-for="active"]').isVisible()).resolves.toBe(false);
    await expect(article.locator('.timeline-entry .body').first().textContent()).resolves.toContain('40 of 40 requests failed');
    const identified = await store.incidents.update(opened.id, {
      status: 'identified',
      body: 'Every key and model fails with overloaded (529); traffic is failing over to openai.',
      automatic: false,
    });
    incidentEvents.emit({ kind: 'updated', incident: identified });
    await expect.poll(() => article.locator('.timeline-entry').count()).toBe(2);
    await expect(article.locator('.timeline-entry strong').allTextContents()).resolves.toEqual(['Identified', 'Investigating']);
    await expect(article.locator('[data-field="incident-status"]').textContent()).resolves.toBe('Identified');
    expect(await stillSameDocument(page)).toBe(true);

    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await mkdir('test-artifacts', { recursive: true });
    await page.screenshot({ path: ARTIFACT, fullPage: true });
    // The README's screenshot is committed: refresh it only when asked, not on every run.
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') await copyFile(ARTIFACT, README_SCREENSHOT);

    // Text contrast (WCAG AA, 4.5:1) of the coloured and muted text, in the outage state.
    for (const selector of ['#overall h2', '#overall p', '.pill--major_outage', '.pill--operational', '.scope', '.meta', '.official', '.incident-meta', '.uptime-legend', '.chart-legend', 'details summary']) {
      const colours = (await page.evaluate(`(() => {
        const node = document.querySelector(${JSON.stringify(selector)});
        let background = 'rgba(0, 0, 0, 0)';
        for (let current = node; current && background === 'rgba(0, 0, 0, 0)'; current = current.parentElement) background = getComputedStyle(current).backgroundColor;
        return [getComputedStyle(node).color, background === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : background];
      })()`)) as [string, string];
      expect({ selector, ratio: contrastRatio(...colours) >= 4.5 }).toEqual({ selector, ratio: true });
    }

    // Markup in measured reasons and incident text shows as text and never runs.
    health.set(sampleSnapshot({ at: Date.now(), outage: true, hostile: true }));
    await expect.poll(() => anthropic.locator('[data-field="reason"]').textContent()).toContain('<script>alert(1)</script>');
    const hostile = await store.incidents.update(opened.id, { status: 'identified', body: 'See <img src=x onerror=alert(2)>', automatic: false });
    incidentEvents.emit({ kind: 'updated', incident: hostile });
    await expect.poll(() => article.locator('.timeline-entry .body').first().textContent()).toBe('See <img src=x onerror=alert(2)>');
    expect(await page.locator('main img, main script').count()).toBe(0);

    // Resolution moves the incident to the past list and the banner back to operational.
    health.set(sampleSnapshot({ at: Date.now() }));
    const resolved = await store.incidents.update(opened.id, { status: 'resolved', body: 'Recovered: 0 failures in 5 min.', automatic: true });
    incidentEvents.emit({ kind: 'resolved', incident: resolved });
    await expect.poll(() => page.locator('#overall h2').textContent()).toBe('All Systems Operational');
    await expect.poll(() => page.locator(`[data-list="past"] #incident-${opened.id}`).count()).toBe(1);
    await expect(page.locator('[data-list="active"] article').count()).resolves.toBe(0);
    expect(await stillSameDocument(page)).toBe(true);

    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
    // Closing the tab ends its stream and the hub lets go of the health source.
    await expect.poll(() => status.openStreams, { timeout: 5_000 }).toBe(0);
    expect(health.listenerCount).toBe(0);
  });

  it('is readable with JavaScript disabled and fits a phone screen', async () => {
    health.set(sampleSnapshot({ at: Date.now(), outage: true }));
    const opened = await store.incidents.create({
      title: 'Elevated errors on anthropic',
      status: 'identified',
      impact: 'major',
      componentIds: ['provider:anthropic'],
      automatic: true,
      body: 'Overloaded (529) on every model',
    });
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await expect(page.locator('#overall h2').textContent()).resolves.toBe('Major System Outage');
    await expect(page.locator('#overall [data-field="overall-detail"]').textContent()).resolves.toBe('anthropic: major outage (whole provider).');
    const verdict = page.locator('.verdict[data-component-id="target:anthropic/claude-opus"]');
    await expect(verdict.locator('[data-field="status"]').textContent()).resolves.toBe('Major outage');
    await expect(verdict.locator('[data-field="reason"]').textContent()).resolves.toContain('overloaded (529)');
    await expect(page.locator('.official').first().textContent()).resolves.toContain('Official status page: Operational');
    await expect(page.locator(`#incident-${opened.id} .timeline-entry .body`).textContent()).resolves.toBe('Overloaded (529) on every model');
    // Chromium's "script execution disabled" emulation still parses <noscript> as raw text, so
    // check that the fallbacks are in the document rather than that they are drawn.
    const noscript = await page.locator('noscript').evaluateAll((nodes) => nodes.map((node) => node.innerHTML));
    expect(noscript).toEqual([expect.stringContaining('http-equiv="refresh"'), expect.stringContaining('JavaScript is off')]);
    expect(await page.locator('html').getAttribute('data-live')).toBeNull();
    // Mobile: nothing scrolls sideways, and only the last 30 days of bars are drawn.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    const visibleBars = await page.locator('.uptime-bars').first().locator('li').evaluateAll((bars) => bars.filter((bar) => bar.getBoundingClientRect().width > 0).length);
    expect(visibleBars).toBe(30);
    await page.screenshot({ path: 'test-artifacts/status-page-mobile-no-js.png', fullPage: true });
    await context.close();
    await store.incidents.update(opened.id, { status: 'resolved', body: 'Recovered', automatic: true });
  });
});
