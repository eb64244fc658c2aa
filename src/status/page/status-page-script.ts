import { createHash } from 'node:crypto';
import { pageStatus } from '../statuspage/page-status.js';
import { IMPACT_LABELS, INCIDENT_STATUS_LABELS, OFFICIAL_LABELS, SCOPE_LABELS, STATUS_LABELS } from './labels.js';

const LABELS = {
  status: STATUS_LABELS,
  scope: SCOPE_LABELS,
  official: OFFICIAL_LABELS,
  incidentStatus: INCIDENT_STATUS_LABELS,
  impact: IMPACT_LABELS,
  overall: {
    operational: pageStatus('operational').description,
    degraded_performance: pageStatus('degraded_performance').description,
    partial_outage: pageStatus('partial_outage').description,
    major_outage: pageStatus('major_outage').description,
  },
};

/**
 * The page's only script: it subscribes to `/api/lifeline/events` and patches the server-rendered
 * DOM (banner, verdicts, incidents) without a reload, announcing changes in the aria-live region.
 * Everything dynamic goes through textContent/setAttribute, never innerHTML. The text is the same
 * for every request, so the page's Content-Security-Policy can allow exactly its hash.
 */
export const STATUS_PAGE_SCRIPT = `(function () {
'use strict';
var L = ${JSON.stringify(LABELS).replace(/</g, '\\u003c')};
if (!('EventSource' in window)) return;
var announcer = document.getElementById('announcer');
var liveState = document.getElementById('live-state');
var skewMs = Number(document.body.getAttribute('data-now')) - Date.now();
var known = {};
each(document.querySelectorAll('.verdict[data-component-id]'), function (node) { known[node.getAttribute('data-component-id')] = node.getAttribute('data-status'); });

function each(list, fn) { Array.prototype.forEach.call(list, fn); }
function now() { return Date.now() + skewMs; }
function iso(ms) { return new Date(ms).toISOString(); }
function formatTime(ms) {
  var a = iso(ms), b = iso(now());
  return a.slice(0, 10) === b.slice(0, 10) ? a.slice(11, 19) + ' UTC' : a.slice(0, 10) + ' ' + a.slice(11, 16) + ' UTC';
}
function formatDuration(ms) {
  var s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return s + ' s';
  var m = Math.floor(s / 60);
  if (m < 60) return m + ' min';
  var h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? h + ' h' : h + ' h ' + (m % 60) + ' min';
  return Math.floor(h / 24) + ' d';
}
function label(id) { return id.replace(/^(provider|target):/, ''); }
function el(tag, attributes, children) {
  var node = document.createElement(tag);
  Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
  (children || []).forEach(function (child) { node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); });
  return node;
}
function timeEl(ms, fieldName) {
  var attributes = { datetime: iso(ms) };
  if (fieldName) attributes['data-field'] = fieldName;
  return el('time', attributes, [formatTime(ms)]);
}
function field(root, name) { return root.querySelector('[data-field="' + name + '"]'); }
function setText(node, text) { if (node && node.textContent !== text) node.textContent = text; }
function replaceChildren(node, children) {
  if (!node) return;
  while (node.firstChild) node.removeChild(node.firstChild);
  children.forEach(function (child) { node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child); });
}
function announce(messages) { if (messages.length > 0) announcer.textContent = messages.join(' '); }

function overallDetail(snapshot) {
  var affected = snapshot.components.filter(function (c) { return c.kind === 'provider' && c.status !== 'operational'; });
  if (affected.length === 0) return 'Every provider is answering normally.';
  return affected.map(function (c) { return c.name + ': ' + L.status[c.status].toLowerCase() + (L.scope[c.scope] ? ' (' + L.scope[c.scope].toLowerCase() + ')' : ''); }).join('; ') + '.';
}

// The words of describeStreamNotes (incidents/describe-verdict.ts).
function streamNotes(m) {
  var notes = [];
  if (m.streamsContinued) notes.push(m.streamsContinued + (m.streamsContinued === 1 ? ' stream' : ' streams') + ' continued on another target');
  if (m.malformedEvents) notes.push(m.malformedEvents + (m.malformedEvents === 1 ? ' malformed stream event' : ' malformed stream events') + ' skipped');
  return notes.join(', ');
}

function applyVerdict(node, c) {
  node.setAttribute('data-status', c.status);
  var pill = field(node, 'status');
  pill.className = 'pill pill--' + c.status;
  setText(pill, L.status[c.status]);
  setText(field(node, 'scope'), L.scope[c.scope] || '');
  setText(field(node, 'reason'), c.reason);
  var since = field(node, 'since');
  since.setAttribute('datetime', iso(c.since));
  setText(since, formatTime(c.since));
  setText(field(node, 'since-ago'), formatDuration(now() - c.since));
  replaceChildren(field(node, 'last-ok-line'), c.lastOkAt === undefined ? [] : [' \\u00b7 last success ', timeEl(c.lastOkAt, 'last-ok')]);
  setText(field(node, 'stream-notes'), streamNotes(c.measured || {}));
  var official = field(node, 'official');
  if (official && c.official) {
    var o = c.official;
    var detail = o.error !== undefined ? 'could not be read: ' + o.error : (o.description || '');
    var checked = o.checkedAt === undefined ? '' : ', checked ' + formatTime(o.checkedAt);
    var parts = ['Official status page: ', el('span', { 'class': 'official-status official--' + o.status }, [L.official[o.status]])];
    if (detail) parts.push(' (' + detail + checked + ')');
    if (o.incidents && o.incidents.length > 0) parts.push(' \\u00b7 open there: ' + o.incidents.join('; '));
    replaceChildren(official, parts);
  }
}

function applySnapshot(snapshot) {
  skewMs = snapshot.at - Date.now();
  var messages = [];
  var banner = document.getElementById('overall');
  banner.className = 'banner banner--' + snapshot.overall;
  setText(field(banner, 'overall'), L.overall[snapshot.overall]);
  setText(field(banner, 'overall-detail'), overallDetail(snapshot));
  var updated = field(banner, 'updated');
  updated.setAttribute('datetime', iso(snapshot.at));
  setText(updated, formatTime(snapshot.at));
  var missing = false;
  snapshot.components.forEach(function (c) {
    var found = false;
    each(document.querySelectorAll('.verdict[data-component-id]'), function (node) {
      if (node.getAttribute('data-component-id') === c.id) {
        found = true;
        applyVerdict(node, c);
      }
    });
    if (!found) missing = true;
    if (known[c.id] !== undefined && known[c.id] !== c.status) messages.push(c.name + ': ' + L.status[c.status] + '.');
    known[c.id] = c.status;
  });
  announce(messages);
  // A component the page was not rendered with (a model first used after load): the server
  // renders its card, bars and charts, so fetch the page again, at most once in a while.
  if (missing && !reloadScheduled) {
    reloadScheduled = true;
    setTimeout(function () { location.reload(); }, 1500);
  }
}
var reloadScheduled = false;

function buildIncident(incident, past) {
  var titleId = 'incident-' + incident.id + '-title';
  var meta = [el('span', { 'class': 'impact' }, [L.impact[incident.impact]]), ' \\u00b7 ', el('span', { 'data-field': 'incident-status' }, [L.incidentStatus[incident.status]])];
  if (incident.componentIds.length > 0) meta.push(' \\u00b7 ', el('span', {}, ['Affects ' + incident.componentIds.map(label).join(', ')]));
  meta.push(' \\u00b7 Started ', timeEl(incident.createdAt));
  if (incident.resolvedAt !== undefined) meta.push(' \\u00b7 Resolved ', timeEl(incident.resolvedAt));
  var timeline = el('ol', { 'class': 'timeline' }, incident.updates.slice().reverse().map(function (u) {
    return el('li', { 'class': 'timeline-entry' }, [
      el('p', { 'class': 'timeline-head' }, [el('strong', {}, [L.incidentStatus[u.status]]), ' ', timeEl(u.createdAt), ' ', el('span', { 'class': 'author' }, [u.automatic ? 'measured by Lifeline' : 'posted by an operator'])]),
      el('p', { 'class': 'body' }, [u.body])
    ]);
  }));
  var count = incident.updates.length;
  var children = [el('h3', { id: titleId }, [incident.title]), el('p', { 'class': 'incident-meta' }, meta),
    past ? el('details', {}, [el('summary', {}, ['Timeline (' + count + (count === 1 ? ' update)' : ' updates)')]), timeline]) : timeline];
  if (incident.postmortem !== undefined) children.push(el('section', { 'class': 'postmortem', 'aria-label': 'Postmortem' }, [el('h4', {}, ['Postmortem']), el('p', { 'class': 'body' }, [incident.postmortem])]));
  return el('article', { 'class': 'incident incident--' + incident.impact, id: 'incident-' + incident.id, 'data-incident-id': incident.id, 'aria-labelledby': titleId }, children);
}

function refreshEmptyNotes() {
  each(document.querySelectorAll('[data-list]'), function (list) {
    var note = document.querySelector('[data-empty-for="' + list.getAttribute('data-list') + '"]');
    if (note) note.hidden = list.children.length > 0;
  });
}

function applyIncident(payload) {
  var incident = payload.incident;
  var past = incident.status === 'resolved' || incident.status === 'postmortem';
  var existing = document.getElementById('incident-' + incident.id);
  if (existing) existing.parentNode.removeChild(existing);
  var list = document.querySelector('[data-list="' + (past ? 'past' : 'active') + '"]');
  list.insertBefore(buildIncident(incident, past), list.firstChild);
  refreshEmptyNotes();
  var latest = incident.updates[incident.updates.length - 1];
  announce(['Incident ' + L.incidentStatus[incident.status].toLowerCase() + ': ' + incident.title + '.' + (latest ? ' ' + latest.body : '')]);
}

function refreshAges() {
  each(document.querySelectorAll('.verdict'), function (node) {
    var since = field(node, 'since');
    if (since) setText(field(node, 'since-ago'), formatDuration(now() - Date.parse(since.getAttribute('datetime'))));
  });
}

var source = new EventSource('/api/lifeline/events');
source.addEventListener('open', function () { setText(liveState, 'Live: changes appear here as Lifeline measures them.'); });
// CLOSED after an error means the server refused the feed (e.g. 503, too many clients): EventSource will not retry.
source.addEventListener('error', function () { setText(liveState, source.readyState === 2 ? 'Live updates are unavailable right now; reload the page to try again.' : 'Live updates interrupted; reconnecting\\u2026'); });
source.addEventListener('snapshot', function (event) { applySnapshot(JSON.parse(event.data)); });
source.addEventListener('incident', function (event) { applyIncident(JSON.parse(event.data)); });
window.addEventListener('pagehide', function () { source.close(); });
setInterval(refreshAges, 10000);
document.documentElement.setAttribute('data-live', 'true');
})();`;

/** The CSP source expression that allows exactly {@link STATUS_PAGE_SCRIPT}. */
export const STATUS_PAGE_SCRIPT_HASH = `'sha256-${createHash('sha256').update(STATUS_PAGE_SCRIPT).digest('base64')}'`;
