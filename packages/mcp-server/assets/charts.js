/*
 * HeadlessAnalytics charts: inline-SVG renderers for the answers of the read tools, shared by the MCP Apps views
 * and the dashboard. No dependencies, no network, no innerHTML (every label is set as text), no inline style
 * attributes (so a `style-src 'self'` policy holds). Each number shown carries its raw value in `data-value`.
 *
 *   HaCharts.render(kind, element, answer, options)   kind: 'stats' | 'funnel' | 'retention' | 'heatmap'
 *
 * `options.requery(changes)` (stats only): fetch the same answer with other inputs (e.g. `{ groupBy: 'week' }`) and
 * resolve to it; when given, the chart offers those choices.
 */
(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  const numbers = new Intl.NumberFormat('en-US');
  const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

  /** An HTML element with attributes (class, data-*) and children (nodes or text). */
  function html(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes ?? {})) if (value !== undefined && value !== null) node.setAttribute(name, String(value));
    node.append(...children.filter((child) => child !== undefined && child !== null));
    return node;
  }

  function svg(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes ?? {})) if (value !== undefined && value !== null) node.setAttribute(name, String(value));
    node.append(...children.filter((child) => child !== undefined && child !== null));
    return node;
  }

  const count = (value) => numbers.format(value);
  const percent = (rate) => `${(rate * 100).toFixed(1)}%`;
  /** A number shown as text with its raw value kept for readers and tests. */
  const figure = (value, text, attributes = {}) => html('span', { class: 'ha-figure', 'data-value': value, ...attributes }, text);

  /** Buttons that switch one choice; `onPick` re-renders. */
  function toggle(label, options, selected, onPick) {
    const group = html('div', { class: 'ha-toggle', role: 'group', 'aria-label': label });
    for (const [value, text] of options) {
      const button = html('button', { type: 'button', 'data-choice': value, 'aria-pressed': value === selected }, text);
      button.addEventListener('click', () => onPick(value));
      group.append(button);
    }
    return group;
  }

  const empty = (text) => html('p', { class: 'ha-empty' }, text);

  const GROUP_BYS = [['hour', 'Hour'], ['day', 'Day'], ['week', 'Week'], ['month', 'Month']];

  /** get_stats: KPI tiles and a bar series by bucket; events or users; other buckets through `options.requery`. */
  function stats(root, answer, metric = 'total_events', options = {}) {
    const tiles = html(
      'div',
      { class: 'ha-tiles' },
      tile('Events', answer.totals.total_events, 'total_events'),
      tile('Users', answer.totals.unique_users, 'unique_users'),
      tile('Sessions', answer.sessions?.total_sessions, 'total_sessions'),
      answer.sessions ? tileText('Bounce rate', answer.sessions.bounce_rate, percent(answer.sessions.bounce_rate), 'bounce_rate') : undefined,
    );
    const pick = toggle('Series', [['total_events', 'Events'], ['unique_users', 'Users']], metric, (next) => redraw(root, () => stats(root, answer, next, options)));
    const bucket = options.requery
      ? toggle('Bucket', GROUP_BYS, answer.period.groupBy, (groupBy) => {
          root.setAttribute('aria-busy', 'true');
          options
            .requery({ groupBy })
            .then((next) => redraw(root, () => stats(root, next, metric, options)))
            .catch((error) => root.append(html('p', { class: 'ha-empty', role: 'alert' }, `Cannot load: ${error instanceof Error ? error.message : error}`)))
            .finally(() => root.removeAttribute('aria-busy'));
        })
      : undefined;
    const series = answer.timeSeries ?? [];
    const chart = series.length === 0 ? empty('No events in this period.') : bars(series.map((point) => ({ label: point.bucket, value: point[metric] })), metric);
    const controls = html('div', { class: 'ha-controls' }, pick, bucket);
    root.append(html('h2', {}, `Traffic, ${answer.period.from.slice(0, 10)} to ${answer.period.to.slice(0, 10)} by ${answer.period.groupBy}`), tiles, controls, chart);
  }

  function tile(label, value, metric) {
    if (value === undefined) return undefined;
    return html('div', { class: 'ha-tile' }, html('span', { class: 'ha-tile-label' }, label), figure(value, count(value), { 'data-metric': metric }));
  }

  function tileText(label, value, text, metric) {
    return html('div', { class: 'ha-tile' }, html('span', { class: 'ha-tile-label' }, label), figure(value, text, { 'data-metric': metric }));
  }

  /** A vertical bar chart; each bar has a tooltip and its value. */
  function bars(points, metric) {
    const width = 900;
    const height = 200;
    const max = Math.max(1, ...points.map((point) => point.value));
    const slot = width / points.length;
    const chart = svg('svg', { class: 'ha-bars', viewBox: `0 0 ${width} ${height + 24}`, role: 'img', 'aria-label': `${metric} by bucket` });
    points.forEach((point, index) => {
      const barHeight = Math.round((point.value / max) * height);
      const bar = svg(
        'rect',
        { x: (index * slot + slot * 0.1).toFixed(1), y: height - barHeight, width: Math.max(1, slot * 0.8).toFixed(1), height: barHeight, class: 'ha-bar', 'data-bucket': point.label, 'data-value': point.value },
        svg('title', {}, `${point.label}: ${count(point.value)}`),
      );
      chart.append(bar);
    });
    chart.append(svg('text', { x: 0, y: height + 18, class: 'ha-axis' }, points[0].label), svg('text', { x: width, y: height + 18, class: 'ha-axis', 'text-anchor': 'end' }, points.at(-1).label));
    return chart;
  }

  /** query_funnel (camelCase, `count`) or analyze_funnel (snake_case, `users`, optional breakdowns). */
  function funnel(root, answer, segment) {
    const source = segment === undefined ? answer : (answer.breakdowns ?? [])[segment] ?? answer;
    const steps = (source.steps ?? []).map((step) => ({
      label: step.name ?? step.event,
      event: step.event,
      count: step.count ?? step.users ?? 0,
      rate: step.conversionRate ?? step.conversion_rate ?? 0,
    }));
    const overall = source.overallConversionRate ?? source.overall_conversion_rate ?? 0;
    root.append(html('h2', {}, 'Funnel'), html('p', { class: 'ha-summary' }, 'Overall conversion ', figure(overall, percent(overall), { 'data-metric': 'overall_conversion_rate' })));
    if (answer.breakdowns && answer.breakdowns.length > 0) {
      const options = [['all', 'All'], ...answer.breakdowns.map((group, index) => [String(index), group.value ?? '(none)'])];
      root.append(toggle(`By ${answer.breakdown}`, options, segment === undefined ? 'all' : String(segment), (next) => redraw(root, () => funnel(root, answer, next === 'all' ? undefined : Number(next)))));
    }
    const first = Math.max(1, steps[0]?.count ?? 0);
    const rowHeight = 34;
    const chart = svg('svg', { class: 'ha-funnel', viewBox: `0 0 640 ${steps.length * rowHeight}`, role: 'img', 'aria-label': 'Funnel steps' });
    steps.forEach((step, index) => {
      const y = index * rowHeight;
      const width = Math.max(2, Math.round((step.count / first) * 400));
      chart.append(
        svg(
          'g',
          { class: 'ha-step', 'data-step': index + 1, 'data-event': step.event, 'data-value': step.count, 'data-rate': step.rate },
          svg('title', {}, `${step.label}: ${count(step.count)} (${percent(step.rate)} of the previous step)`),
          svg('text', { x: 0, y: y + 21, class: 'ha-label' }, step.label),
          svg('rect', { x: 160, y: y + 6, width, height: rowHeight - 12, class: 'ha-bar' }),
          svg('text', { x: 170 + width, y: y + 21, class: 'ha-value' }, `${count(step.count)} · ${percent(step.rate)}`),
        ),
      );
    });
    root.append(steps.length === 0 ? empty('No steps.') : chart);
  }

  /** get_retention: average curve and the cohort grid; rates or retained users. */
  function retention(root, answer, mode = 'rates') {
    const average = answer.average_rates ?? [];
    root.append(
      html('h2', {}, `Retention by ${answer.period}`),
      html('p', { class: 'ha-summary' }, `${count(answer.users_analyzed)} users; ${answer.period} 1 retention `, figure(average[1] ?? 0, percent(average[1] ?? 0), { 'data-metric': 'average_rate_1' })),
      toggle('Cells', [['rates', 'Rates'], ['users', 'Users']], mode, (next) => redraw(root, () => retention(root, answer, next))),
    );
    if (answer.cohorts.length === 0) return void root.append(empty('No cohorts in this period.'));
    const offsets = Math.max(...answer.cohorts.map((cohort) => cohort.retained.length));
    const head = html('tr', {}, html('th', {}, 'Cohort'), html('th', {}, 'Users'), ...Array.from({ length: offsets }, (_, offset) => html('th', {}, String(offset))));
    const rows = answer.cohorts.map((cohort) =>
      html(
        'tr',
        { 'data-cohort': cohort.date },
        html('th', {}, cohort.date),
        html('td', {}, figure(cohort.users, count(cohort.users))),
        ...cohort.retained.map((retained, offset) => {
          const rate = cohort.rates[offset] ?? 0;
          return html('td', { class: `ha-cell ha-shade-${Math.min(5, Math.ceil(rate * 5))}`, 'data-offset': offset, 'data-value': mode === 'rates' ? rate : retained, title: `${count(retained)} users, ${percent(rate)}` }, mode === 'rates' ? percent(rate) : count(retained));
        }),
      ),
    );
    const averageRow = html('tr', { class: 'ha-average' }, html('th', {}, 'Average'), html('td', {}), ...average.map((rate, offset) => html('td', { 'data-offset': offset, 'data-value': rate }, percent(rate))));
    root.append(html('table', { class: 'ha-retention' }, html('thead', {}, head), html('tbody', {}, ...rows, averageRow)));
  }

  /** get_heatmap: a 7 × 24 grid (0 = Sunday) of events or users, with the peak. */
  function heatmap(root, answer, metric = 'events') {
    const cells = new Map(answer.heatmap.map((cell) => [`${cell.day}:${cell.hour}`, cell]));
    const max = Math.max(1, ...answer.heatmap.map((cell) => cell[metric]));
    const peak = answer.peak ? `${answer.peak.day_name} ${String(answer.peak.hour).padStart(2, '0')}:00` : 'none';
    root.append(
      html('h2', {}, `Activity by day and hour (${answer.timezone})`),
      html('p', { class: 'ha-summary' }, 'Peak ', html('span', { 'data-metric': 'peak' }, peak), answer.peak ? ' with ' : '', answer.peak ? figure(answer.peak.events, `${count(answer.peak.events)} events`, { 'data-metric': 'peak_events' }) : undefined),
      toggle('Cells', [['events', 'Events'], ['users', 'Users']], metric, (next) => redraw(root, () => heatmap(root, answer, next))),
    );
    const size = 22;
    const grid = svg('svg', { class: 'ha-heatmap', viewBox: `0 0 ${40 + 24 * size} ${20 + 7 * size}`, role: 'img', 'aria-label': `${metric} by day of week and hour` });
    for (let hour = 0; hour < 24; hour += 3) grid.append(svg('text', { x: 40 + hour * size, y: 12, class: 'ha-axis' }, String(hour)));
    for (let day = 0; day < 7; day += 1) {
      grid.append(svg('text', { x: 0, y: 20 + day * size + 15, class: 'ha-axis' }, DAYS[day]));
      for (let hour = 0; hour < 24; hour += 1) {
        const cell = cells.get(`${day}:${hour}`);
        const value = cell ? cell[metric] : 0;
        const opacity = value === 0 ? 0.06 : 0.2 + 0.8 * (value / max);
        grid.append(
          svg(
            'rect',
            { x: 40 + hour * size, y: 20 + day * size, width: size - 2, height: size - 2, rx: 3, class: 'ha-heat', 'fill-opacity': opacity.toFixed(2), 'data-day': day, 'data-hour': hour, 'data-value': value },
            svg('title', {}, `${DAYS[day]} ${String(hour).padStart(2, '0')}:00: ${count(value)} ${metric}`),
          ),
        );
      }
    }
    root.append(answer.heatmap.length === 0 ? empty('Not enough data for a heatmap yet.') : grid);
  }

  function redraw(root, draw) {
    root.replaceChildren();
    draw();
  }

  const RENDERERS = { stats, funnel, retention, heatmap };

  globalThis.HaCharts = {
    kinds: Object.keys(RENDERERS),
    /** Replaces `root`'s content with the chart of `answer` (a tool's structured output). */
    render(kind, root, answer, options = {}) {
      const renderer = RENDERERS[kind];
      if (!renderer) throw new Error(`Unknown chart '${kind}'.`);
      root.setAttribute('data-chart', kind);
      redraw(root, () => renderer(root, answer, undefined, options));
    },
  };
})();
