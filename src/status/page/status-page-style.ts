/**
 * The page's whole stylesheet, inlined (no external assets: a status page must render when the
 * network is the problem). Status colours pass WCAG AA against white for text (≥ 4.5:1) and are
 * always paired with words, never colour alone.
 */
export const STATUS_PAGE_STYLE = `
:root{--text:#1f2328;--muted:#57606a;--border:#d0d7de;--surface:#f6f8fa;--focus:#0550ae;
--operational:#1a7f37;--degraded_performance:#9a6700;--partial_outage:#bc4c00;--major_outage:#b91c1c;--none:#6e7781;--unknown:#57606a;
--latency:#0550ae;--ttft:#8250df;color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--text);background:#fff}
a{color:#0550ae}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip-link{position:absolute;left:8px;top:-48px;background:#fff;padding:8px 12px;border:2px solid var(--focus);z-index:10}
.skip-link:focus{top:8px}
.wrap{max-width:980px;margin:0 auto;padding:0 16px}
header.site{border-bottom:1px solid var(--border);padding:16px 0}
header.site .wrap{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:baseline;justify-content:space-between}
h1{font-size:1.5rem;margin:0}
h2{font-size:1.25rem;margin:32px 0 12px}
h3{font-size:1.125rem;margin:0 0 8px}
h4{font-size:1rem;margin:0 0 4px}
.live-state{margin:0;color:var(--muted);font-size:.875rem}
.banner{margin:24px 0 8px;padding:16px 20px;border-radius:8px;color:#fff;background:var(--operational)}
.banner h2{margin:0;font-size:1.375rem}
.banner p{margin:4px 0 0}
.banner--degraded_performance{background:var(--degraded_performance)}
.banner--partial_outage{background:var(--partial_outage)}
.banner--major_outage{background:var(--major_outage)}
.note{color:var(--muted);font-size:.875rem}
.provider{border:1px solid var(--border);border-radius:8px;padding:16px;margin:0 0 16px}
.targets{list-style:none;margin:16px 0 0;padding:0}
.target{border-top:1px solid var(--border);padding:12px 0 4px}
.verdict p{margin:2px 0}
.verdict-line{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.pill{display:inline-block;padding:1px 10px;border-radius:999px;color:#fff;font-weight:600;font-size:.875rem;background:var(--operational)}
.pill--degraded_performance{background:var(--degraded_performance)}
.pill--partial_outage{background:var(--partial_outage)}
.pill--major_outage{background:var(--major_outage)}
.scope{font-weight:600;font-size:.875rem}
.reason{overflow-wrap:anywhere}
.meta,.official,.incident-meta,.timeline-head .author{color:var(--muted);font-size:.875rem}
.stream-notes:empty{display:none}
.official-status{font-weight:600;color:var(--text)}
.uptime{margin:12px 0 4px}
.uptime-bars{display:flex;gap:2px;height:34px;margin:0;padding:0;list-style:none}
.day{flex:1 1 0;min-width:2px;border-radius:2px;background:var(--none)}
.day--operational{background:var(--operational)}
.day--degraded_performance{background:var(--degraded_performance)}
.day--partial_outage{background:var(--partial_outage)}
.day--major_outage{background:var(--major_outage)}
.uptime-legend{display:flex;justify-content:space-between;margin:2px 0 0;color:var(--muted);font-size:.75rem}
.legend-short{display:none}
.chart{margin:8px 0 0}
.chart svg{width:100%;height:auto;display:block}
.chart .axis{stroke:var(--muted);stroke-width:1}
.chart .grid{stroke:var(--border);stroke-width:1;stroke-dasharray:4 4}
.chart .tick,.chart .chart-empty{fill:var(--muted);font-size:12px}
.chart polyline{fill:none;stroke-width:2}
.line-latency{stroke:var(--latency);fill:var(--latency)}
.line-ttft{stroke:var(--ttft);fill:var(--ttft);stroke-dasharray:6 3}
.chart-legend{font-size:.75rem;color:var(--muted);display:flex;gap:16px}
.key::before{content:"";display:inline-block;width:18px;height:0;border-top:3px solid var(--latency);vertical-align:middle;margin-right:6px}
.key-ttft::before{border-top:3px dashed var(--ttft)}
details summary{cursor:pointer;color:#0550ae;font-size:.875rem;margin:6px 0}
.incident{border:1px solid var(--border);border-left:6px solid var(--none);border-radius:8px;padding:12px 16px;margin:0 0 12px}
.incident--minor{border-left-color:var(--degraded_performance)}
.incident--major{border-left-color:var(--partial_outage)}
.incident--critical{border-left-color:var(--major_outage)}
.timeline{list-style:none;margin:8px 0 0;padding:0 0 0 12px;border-left:2px solid var(--border)}
.timeline-entry{margin:0 0 10px}
.timeline-entry p{margin:0}
.body{white-space:pre-line;overflow-wrap:anywhere}
footer.site{border-top:1px solid var(--border);margin-top:40px;padding:16px 0;color:var(--muted);font-size:.875rem}
@media (max-width:640px){
  h1{font-size:1.25rem}
  .provider{padding:12px}
  .uptime-bars li:nth-child(-n+60){display:none}
  .legend-long{display:none}
  .legend-short{display:inline}
}
@media (prefers-reduced-motion:no-preference){.pill,.banner{transition:background-color .3s}}
`;
