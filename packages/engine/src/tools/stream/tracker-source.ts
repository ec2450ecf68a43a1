/**
 * The browser tracker served at GET /tracker.js. Plain ES2017, no dependencies, no cookies:
 *
 *   <script defer src="https://HOST/tracker.js" data-token="ha_pt_…"></script>
 *
 * - page views on load and on SPA navigation (history.pushState/replaceState, popstate, hashchange);
 * - `ha.track(event, properties)` for custom events; `ha.identify(userId)`;
 * - sessions: a random id kept in sessionStorage, renewed after 30 minutes without activity;
 * - the anonymous user id lives in localStorage (`data-storage="none"`: memory only, per page load);
 * - batching: events are sent together to POST /track/batch every `data-flush-ms` (default 1000) or at 20
 *   events, and with navigator.sendBeacon when the page is hidden or unloaded;
 * - experiments: `ha.variant(name)` returns this user's variant (FNV-1a of `<name>:<user id>` over the
 *   cumulative weights, as the engine computes it) and records one `$experiment_exposure` per page;
 *   `ha.ready` resolves once the experiment config is loaded.
 * Attributes: data-token (required), data-api (default: the script's origin), data-flush-ms, data-spa="false",
 * data-storage="none".
 */
export const TRACKER_SOURCE = String.raw`(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.ha && window.ha.__headless) return;
  var token = script.getAttribute('data-token');
  if (!token) { console.warn('tracker.js: data-token is required'); return; }
  var api = (script.getAttribute('data-api') || new URL(script.src, location.href).origin).replace(/\/+$/, '');
  var flushMs = Number(script.getAttribute('data-flush-ms') || 1000);
  var useStorage = script.getAttribute('data-storage') !== 'none';
  var SESSION_GAP = 30 * 60 * 1000;
  var queue = [];
  var timer = null;
  var memory = {};
  function store(kind) {
    try { var s = useStorage ? window[kind] : null; if (s) { s.setItem('ha_probe', '1'); s.removeItem('ha_probe'); return s; } } catch (e) {}
    return { getItem: function (k) { return memory[k] === undefined ? null : memory[k]; }, setItem: function (k, v) { memory[k] = String(v); } };
  }
  var local = store('localStorage');
  var session = store('sessionStorage');
  function randomId(prefix) {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return prefix + Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }
  var userKey = 'ha_uid_' + token;
  var userId = local.getItem(userKey);
  if (!userId) { userId = randomId('anon_'); local.setItem(userKey, userId); }
  function sessionId() {
    var now = Date.now();
    var id = session.getItem('ha_sid_' + token);
    var last = Number(session.getItem('ha_sat_' + token) || 0);
    if (!id || now - last > SESSION_GAP) { id = randomId('s_'); session.setItem('ha_sid_' + token, id); }
    session.setItem('ha_sat_' + token, String(now));
    return id;
  }
  function payload(events) { return JSON.stringify({ token: token, events: events }); }
  function flush(beacon) {
    if (timer) { clearTimeout(timer); timer = null; }
    if (queue.length === 0) return;
    var events = queue.splice(0, queue.length);
    var url = api + '/track/batch';
    var body = payload(events);
    if (beacon && navigator.sendBeacon && navigator.sendBeacon(url, new Blob([body], { type: 'text/plain;charset=UTF-8' }))) return;
    fetch(url, { method: 'POST', body: body, keepalive: true, headers: { 'content-type': 'text/plain;charset=UTF-8' } }).catch(function () {});
  }
  function track(event, properties) {
    if (typeof event !== 'string' || event === '') return;
    queue.push({ event: event, properties: properties || {}, user_id: userId, session_id: sessionId(), timestamp: Date.now() });
    if (queue.length >= 20) flush(false);
    else if (!timer) timer = setTimeout(function () { flush(false); }, flushMs);
  }
  var lastPath = null;
  function pageView() {
    var path = location.pathname + location.hash;
    if (path === lastPath) return;
    lastPath = path;
    track('page_view', {
      path: location.pathname, url: location.origin + location.pathname, hostname: location.hostname,
      referrer: document.referrer || null, title: document.title, language: navigator.language,
      screen: screen.width + 'x' + screen.height
    });
  }
  function fnv1a(text) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) { hash ^= text.charCodeAt(i); hash = Math.imul(hash, 0x01000193) >>> 0; }
    return hash >>> 0;
  }
  var experiments = {};
  var exposed = {};
  function assign(experiment) {
    if (experiment.winner) return experiment.winner;
    var point = fnv1a(experiment.name + ':' + userId) / 4294967296;
    var cumulative = 0;
    for (var i = 0; i < experiment.variants.length; i++) {
      cumulative += experiment.variants[i].weight;
      if (point < cumulative) return experiment.variants[i].name;
    }
    return experiment.variants[experiment.variants.length - 1].name;
  }
  function variant(name) {
    var experiment = experiments[name];
    if (!experiment) return null;
    var chosen = assign(experiment);
    if (!experiment.winner && !exposed[name]) {
      exposed[name] = true;
      track('$experiment_exposure', { experiment: name, variant: chosen });
    }
    return chosen;
  }
  function loadConfig(cursor) {
    var url = api + '/experiments/config?token=' + encodeURIComponent(token) + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
    return fetch(url)
      .then(function (response) { return response.ok ? response.json() : { experiments: [] }; })
      .then(function (config) {
        (config.experiments || []).forEach(function (e) { experiments[e.name] = e; });
        if (config.next_cursor) return loadConfig(config.next_cursor);
      });
  }
  var ready = loadConfig(null).catch(function () {});
  window.ha = {
    __headless: true,
    track: track,
    page: pageView,
    identify: function (id) { if (id) { userId = String(id); local.setItem(userKey, userId); } },
    variant: variant,
    flush: function () { flush(false); },
    ready: ready,
    userId: function () { return userId; }
  };
  if (script.getAttribute('data-spa') !== 'false') {
    ['pushState', 'replaceState'].forEach(function (method) {
      var original = history[method];
      history[method] = function () { var result = original.apply(this, arguments); setTimeout(pageView, 0); return result; };
    });
    window.addEventListener('popstate', pageView);
    window.addEventListener('hashchange', pageView);
  }
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden') flush(true); });
  window.addEventListener('pagehide', function () { flush(true); });
  pageView();
})();
`;
