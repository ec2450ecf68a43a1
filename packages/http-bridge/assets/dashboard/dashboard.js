/*
 * The HeadlessAnalytics dashboard: a read-only client of this server's REST API, like any other. The key is kept
 * in sessionStorage and sent as `Authorization: Bearer`; the charts are HaCharts (charts.js), the same renderer
 * as the MCP Apps views. Routes: GET /projects, /stats, /retention, /heatmap, /stream (SSE) and POST /funnel.
 */
(() => {
  const KEY = 'headlessanalytics.key';
  const byId = (id) => document.getElementById(id);
  const elements = {
    signIn: byId('sign-in'), signInForm: byId('sign-in-form'), key: byId('key'), signInError: byId('sign-in-error'),
    controls: byId('controls'), project: byId('project'), since: byId('since'), refresh: byId('refresh'), signOut: byId('sign-out'),
    board: byId('board'), boardError: byId('board-error'), stats: byId('stats'), funnel: byId('funnel'),
    funnelForm: byId('funnel-form'), funnelSteps: byId('funnel-steps'), retention: byId('retention'),
    retentionPeriod: byId('retention-period'), heatmap: byId('heatmap'), liveStatus: byId('live-status'), liveEvents: byId('live-events'),
  };
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  let live;

  class ApiError extends Error {
    constructor(status, body) {
      super(body?.message ?? body?.error?.message ?? `HTTP ${status}`);
      this.status = status;
    }
  }

  async function api(path, init = {}) {
    const headers = { accept: 'application/json', authorization: `Bearer ${sessionStorage.getItem(KEY)}` };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path, { method: init.method ?? 'GET', headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
    const text = await response.text();
    const body = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  const query = (path, parameters) => `${path}?${new URLSearchParams(parameters)}`;
  const status = (root, text, kind = 'ha-empty') => {
    const line = document.createElement('p');
    line.className = kind;
    line.textContent = text;
    root.replaceChildren(line);
  };

  /** Draws one panel from one route; a failing panel says why without blanking the others. */
  async function panel(root, kind, load, options = {}) {
    root.setAttribute('aria-busy', 'true');
    try {
      HaCharts.render(kind, root, await load(), options);
      root.setAttribute('data-loaded', 'true');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return signOut('The key was refused; sign in again.');
      status(root, error instanceof Error ? error.message : String(error), 'error');
    } finally {
      root.removeAttribute('aria-busy');
    }
  }

  const project = () => elements.project.value;

  let groupBy = 'day';
  const statsOf = () => api(query('/stats', { project: project(), since: elements.since.value, groupBy }));
  function loadStats() {
    const requery = async (changes) => {
      groupBy = changes.groupBy ?? groupBy;
      return statsOf();
    };
    return panel(elements.stats, 'stats', statsOf, { requery });
  }
  function loadRetention() {
    return panel(elements.retention, 'retention', () => api(query('/retention', { project: project(), period: elements.retentionPeriod.value })));
  }
  function loadHeatmap() {
    return panel(elements.heatmap, 'heatmap', () => api(query('/heatmap', { project: project(), since: elements.since.value, timezone })));
  }
  function loadFunnel() {
    const steps = elements.funnelSteps.value.split(',').map((name) => name.trim()).filter(Boolean);
    if (steps.length < 2) return status(elements.funnel, 'Enter 2 to 8 event names in order.');
    return panel(elements.funnel, 'funnel', () => api('/funnel', { method: 'POST', body: { project: project(), since: elements.since.value, steps: steps.map((event) => ({ event })) } }));
  }

  function loadBoard() {
    elements.boardError.textContent = '';
    const loads = [loadStats(), loadRetention(), loadHeatmap()];
    if (elements.funnelSteps.value.trim()) loads.push(loadFunnel());
    startLive();
    return Promise.all(loads);
  }

  /** Reads GET /stream (Server-Sent Events) with fetch, so the key stays in a header; resumes after the last id. */
  function startLive() {
    live?.abort();
    const controller = new AbortController();
    live = controller;
    elements.liveEvents.replaceChildren();
    let lastId;
    const connect = async () => {
      elements.liveStatus.textContent = 'Connecting…';
      const headers = { accept: 'text/event-stream', authorization: `Bearer ${sessionStorage.getItem(KEY)}` };
      if (lastId) headers['last-event-id'] = lastId;
      const response = await fetch(query('/stream', { project: project() }), { headers, signal: controller.signal });
      if (response.status === 401) return signOut('The key was refused; sign in again.');
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.search(/\r?\n\r?\n/)) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          const message = parseMessage(block);
          if (message.comment?.startsWith('connected')) {
            elements.liveStatus.textContent = 'Connected: new events appear here as they are stored.';
            elements.liveStatus.setAttribute('data-connected', 'true');
          }
          if (message.data === undefined) continue;
          if (message.id) lastId = message.id;
          showLiveEvent(JSON.parse(message.data));
        }
      }
    };
    const run = async () => {
      while (!controller.signal.aborted) {
        try {
          await connect();
        } catch (error) {
          if (controller.signal.aborted) return;
          elements.liveStatus.textContent = `Stream interrupted (${error instanceof Error ? error.message : error}); reconnecting…`;
        }
        elements.liveStatus.removeAttribute('data-connected');
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    };
    void run();
  }

  function parseMessage(block) {
    const message = {};
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) message.comment = line.slice(1).trim();
      else if (line.startsWith('data:')) message.data = (message.data === undefined ? '' : `${message.data}\n`) + line.slice(5).replace(/^ /, '');
      else if (line.startsWith('id:')) message.id = line.slice(3).trim();
    }
    return message;
  }

  function showLiveEvent(event) {
    const item = document.createElement('li');
    item.setAttribute('data-event-id', event.id);
    const time = document.createElement('time');
    time.dateTime = new Date(event.timestamp).toISOString();
    time.textContent = new Date(event.timestamp).toLocaleTimeString();
    const name = document.createElement('strong');
    name.className = 'event';
    name.textContent = event.event;
    const user = document.createElement('span');
    user.className = 'user';
    user.textContent = event.user_id ?? event.session_id ?? 'anonymous';
    item.append(time, name, user);
    elements.liveEvents.prepend(item);
    while (elements.liveEvents.children.length > 50) elements.liveEvents.lastElementChild.remove();
  }

  async function signIn(key) {
    sessionStorage.setItem(KEY, key);
    elements.signInError.textContent = '';
    let listed;
    try {
      listed = await api('/projects');
    } catch (error) {
      return signOut(error instanceof ApiError && error.status === 401 ? 'This key was refused.' : `Cannot sign in: ${error.message}`);
    }
    const wanted = new URLSearchParams(location.hash.slice(1)).get('project');
    elements.project.replaceChildren(...listed.projects.map((entry) => new Option(entry.name, entry.name, false, entry.name === wanted)));
    elements.signIn.hidden = true;
    elements.controls.hidden = false;
    elements.board.hidden = false;
    if (listed.projects.length === 0) {
      elements.boardError.textContent = 'This workspace has no projects yet: create one with POST /projects.';
      return;
    }
    await loadBoard();
  }

  function signOut(reason = '') {
    live?.abort();
    live = undefined;
    sessionStorage.removeItem(KEY);
    elements.key.value = '';
    elements.board.hidden = true;
    elements.controls.hidden = true;
    elements.signIn.hidden = false;
    elements.signInError.textContent = reason;
  }

  elements.signInForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void signIn(elements.key.value.trim());
  });
  elements.signOut.addEventListener('click', () => signOut());
  elements.refresh.addEventListener('click', () => void loadBoard());
  elements.project.addEventListener('change', () => {
    location.hash = new URLSearchParams({ project: project() }).toString();
    void loadBoard();
  });
  elements.since.addEventListener('change', () => void Promise.all([loadStats(), loadHeatmap(), elements.funnelSteps.value.trim() ? loadFunnel() : undefined]));
  elements.retentionPeriod.addEventListener('change', () => void loadRetention());
  elements.funnelForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void loadFunnel();
  });

  const saved = sessionStorage.getItem(KEY);
  if (saved) void signIn(saved);
})();
