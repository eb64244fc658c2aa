import { describe, expect, it } from 'vitest';
import type { Incident } from '../../store/store.js';
import { dailyUptime, MINUTE_MS } from '../api/history.js';
import { sampleSnapshot, verdict } from '../../../test/support/status/fake-health-source.js';
import { escapeHtml, html } from './escape-html.js';
import { renderStatusPage, type StatusPageView } from './render-status-page.js';
import { STATUS_PAGE_SCRIPT, STATUS_PAGE_SCRIPT_HASH } from './status-page-script.js';

const NOW = Date.UTC(2026, 10, 23, 9, 44, 18);

function incident(partial: Partial<Incident> = {}): Incident {
  return {
    id: 'lx3k9a2bq7fz',
    title: 'Major outage on anthropic',
    status: 'identified',
    impact: 'critical',
    componentIds: ['provider:anthropic', 'target:anthropic/claude-opus'],
    createdAt: NOW - 40_000,
    updatedAt: NOW - 10_000,
    automatic: true,
    updates: [
      { id: 'u1', incidentId: 'lx3k9a2bq7fz', status: 'investigating', body: '40 of 40 requests failed', createdAt: NOW - 40_000, automatic: true },
      { id: 'u2', incidentId: 'lx3k9a2bq7fz', status: 'identified', body: 'Upstream capacity <b>issue</b> & "overload"', createdAt: NOW - 10_000, automatic: false },
    ],
    ...partial,
  };
}

function view(partial: Partial<StatusPageView> = {}): StatusPageView {
  return {
    pageName: 'Acme <AI>',
    snapshot: sampleSnapshot({ at: NOW, outage: true, hostile: true }),
    nowMs: NOW,
    activeIncidents: [incident()],
    pastIncidents: [],
    history: () => ({
      uptime: dailyUptime([], NOW, 90),
      series: [{ at: NOW - 5 * MINUTE_MS, requests: 10, failures: 0, latencyAvgMs: 420, ttftAvgMs: 180 }],
    }),
    chartWindow: { fromMs: NOW - 60 * MINUTE_MS, toMs: NOW, bucketMs: MINUTE_MS, label: 'last 60 minutes' },
    ...partial,
  };
}

describe('renderStatusPage', () => {
  it('shows the overall banner, every verdict with scope, reason and since, and the official status', () => {
    const page = renderStatusPage(view());
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h2 id="overall-heading" data-field="overall">Major System Outage</h2>');
    expect(page).toContain('anthropic: major outage (whole provider).');
    expect(page).toContain('class="verdict" data-component-id="target:anthropic/claude-opus" data-status="major_outage"');
    expect(page).toContain('<span class="pill pill--major_outage" data-field="status">Major outage</span> <span class="scope" data-field="scope">Whole provider</span>');
    expect(page).toContain('datetime="2026-11-23T09:43:38.000Z">09:43:38 UTC</time> (<span data-field="since-ago">40 s</span>)');
    expect(page).toContain('Official status page: <span class="official-status official--operational">Operational</span> (All Systems Operational, checked 09:43:48 UTC)');
    expect(page).toContain('<span class="pill pill--operational" data-field="status">Operational</span>');
    expect(page.match(/class="uptime-bars"/g)).toHaveLength(5);
    expect(page.match(/<li class="day day--none" title="[^"]+: no data">/g)).toHaveLength(5 * 90);
    expect(page).toContain('<title id="chart-');
    expect(page).toContain('Latency: mean 420 ms');
  });

  it('escapes HTML in page name, reasons and incident text (XSS-safe)', () => {
    const page = renderStatusPage(view());
    expect(page).toContain('<title>Acme &lt;AI&gt; status</title>');
    expect(page).toContain('for 40 s &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(page).toContain('Upstream capacity &lt;b&gt;issue&lt;/b&gt; &amp; &quot;overload&quot;');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<b>issue</b>');
    // The only script element is the page's own.
    expect(page.match(/<script>/g)).toHaveLength(1);
  });

  it('renders the active incident timeline newest first and past incidents folded', () => {
    const resolved = incident({ id: 'past00000001', status: 'resolved', resolvedAt: NOW - 1000, impact: 'minor', title: 'Earlier blip' });
    const page = renderStatusPage(view({ pastIncidents: [resolved] }));
    const active = page.slice(page.indexOf('data-list="active"'), page.indexOf('data-empty-for="active"'));
    expect(active.indexOf('<strong>Identified</strong>')).toBeLessThan(active.indexOf('<strong>Investigating</strong>'));
    expect(active).toContain('Affects anthropic, anthropic/claude-opus');
    expect(active).toContain('posted by an operator');
    expect(page).toContain('<p class="note" data-empty-for="active" hidden>');
    expect(page).toContain('<details><summary>Timeline (2 updates)</summary>');
    expect(page).toContain('Resolved <time datetime="2026-11-23T09:44:17.000Z">');
  });

  it('says so when nothing is wrong, no incident is open and no data exists yet', () => {
    const page = renderStatusPage(view({ snapshot: sampleSnapshot({ at: NOW }), activeIncidents: [], history: () => ({ uptime: dailyUptime([], NOW, 90), series: [] }) }));
    expect(page).toContain('All Systems Operational');
    expect(page).toContain('Every provider is answering normally.');
    expect(page).toContain('<p class="note" data-empty-for="active">No active incidents.</p>');
    expect(page).toContain('No traffic measured in the last 60 minutes');
    expect(page).toContain('last 90 days: no data yet');
  });

  it('shows why the official page could not be read', () => {
    const snapshot = sampleSnapshot({ at: NOW });
    snapshot.components[0] = verdict({ id: 'provider:anthropic', name: 'anthropic', kind: 'provider', official: { status: 'unknown', error: 'HTTP 503' } }, NOW);
    expect(renderStatusPage(view({ snapshot }))).toContain('<span class="official-status official--unknown">Unknown</span> (could not be read: HTTP 503)');
  });

  it('never shows key health', () => {
    const page = renderStatusPage(view());
    expect(page).not.toMatch(/cooling|sk-/);
  });
});

describe('escapeHtml and html', () => {
  it('escapes the five special characters and leaves nested safe markup alone', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(html`<p>${'<i>'}${html`<b>${'&'}</b>`}${['<', html`<br>`]}${undefined}</p>`.value).toBe('<p>&lt;i&gt;<b>&amp;</b>&lt;<br></p>');
  });
});

describe('status page script', () => {
  it('writes only through textContent and attributes, and its CSP hash matches', async () => {
    expect(STATUS_PAGE_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    expect(STATUS_PAGE_SCRIPT).not.toContain('</script');
    const { createHash } = await import('node:crypto');
    expect(STATUS_PAGE_SCRIPT_HASH).toBe(`'sha256-${createHash('sha256').update(STATUS_PAGE_SCRIPT).digest('base64')}'`);
    // It parses as JavaScript.
    expect(() => new Function(STATUS_PAGE_SCRIPT)).not.toThrow();
  });
});
