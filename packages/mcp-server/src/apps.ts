import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { RESOURCE_MIME_TYPE, RESOURCE_URI_META_KEY } from '@modelcontextprotocol/ext-apps/server';
import type { ReferencedTool } from './referenced-tools.js';
import type { ResourceProvider } from './resources.js';
import { PACKAGE_VERSION } from './version.js';

/**
 * MCP Apps (the `io.modelcontextprotocol/ui` extension): the funnel, retention, heatmap and traffic answers as
 * interactive charts. A listed tool carries `_meta.ui.resourceUri`; a host that supports the extension reads that
 * `ui://` resource (one self-contained HTML page), renders it in a sandboxed iframe and sends it the tool's result;
 * every other host ignores `_meta` and reads the same JSON result as before.
 */

/** A chart view and the tools whose answers it draws (the shapes charts.js reads). */
interface AppView {
  kind: 'funnel' | 'retention' | 'heatmap' | 'stats';
  title: string;
  description: string;
  tools: readonly ReferencedTool[];
  /** The tool the view may call again through the host (other buckets), when the host proxies tool calls. */
  requery?: ReferencedTool;
}

const VIEWS: readonly AppView[] = [
  { kind: 'funnel', title: 'Funnel chart', description: 'Step bars with conversion rates; segments when the funnel has a breakdown.', tools: ['query_funnel', 'analyze_funnel'] },
  { kind: 'retention', title: 'Retention grid', description: 'Cohort × period grid of retention rates or retained users.', tools: ['get_retention'] },
  { kind: 'heatmap', title: 'Activity heatmap', description: 'Day-of-week × hour grid of events or users, with the peak.', tools: ['get_heatmap'] },
  { kind: 'stats', title: 'Traffic chart', description: 'Totals and the time series of events or users, by hour, day, week or month.', tools: ['get_stats'], requery: 'get_stats' },
];

export const APP_URI_PREFIX = 'ui://headlessanalytics/';
const uriOf = (view: AppView): string => `${APP_URI_PREFIX}${view.kind}.html`;
const viewOfTool = new Map<string, AppView>(VIEWS.flatMap((view) => view.tools.map((tool) => [tool, view] as const)));
const viewOfUri = new Map(VIEWS.map((view) => [uriOf(view), view]));

/** The tools the views draw or call again (for the check that each exists in the registry). */
export const APP_TOOLS: readonly ReferencedTool[] = [...new Set(VIEWS.flatMap((view) => [...view.tools, ...(view.requery ? [view.requery] : [])]))];

/** The views' provider is one of the server's resource providers. */
export type AppResourceProvider = ResourceProvider;

/** `_meta` for a listed tool that has a view (`ui.resourceUri`, and the older flat key some hosts still read). */
export function appToolMeta(toolName: string): Record<string, unknown> | undefined {
  const view = viewOfTool.get(toolName);
  if (!view) return undefined;
  return { ui: { resourceUri: uriOf(view) }, [RESOURCE_URI_META_KEY]: uriOf(view) };
}

const assetText = (name: string): string => readFileSync(new URL(`../assets/${name}`, import.meta.url), 'utf8');

/** The chart renderer (a dependency-free browser script defining `HaCharts`) and its styles, for other pages too. */
export function chartAssets(): { script: string; style: string } {
  return { script: assetText('charts.js'), style: assetText('charts.css') };
}

/**
 * The ext-apps browser build (the App class and its dependencies, one ES module) with its closing `export {…}`
 * clause turned into `const ExtApps = {…}`, so that it runs inside the view's one inline module script.
 */
export function extAppsBrowserModule(names: readonly string[] = ['App', 'applyDocumentTheme', 'applyHostStyleVariables']): string {
  const path = createRequire(import.meta.url).resolve('@modelcontextprotocol/ext-apps/app-with-deps');
  const source = readFileSync(path, 'utf8').trimEnd();
  const clause = /export\s*\{([^}]*)\};?$/.exec(source);
  if (!clause) throw new Error(`${path} does not end with an export clause.`);
  const exported = new Map(
    clause[1]!.split(',').map((entry) => {
      const [local, name = local] = entry.trim().split(/\s+as\s+/);
      return [name!, local!] as const;
    }),
  );
  const members = names.map((name) => {
    const local = exported.get(name);
    if (!local) throw new Error(`The ext-apps browser build exports no '${name}'.`);
    return `${name}: ${local}`;
  });
  return `${source.slice(0, clause.index)}\nconst ExtApps = { ${members.join(', ')} };\n`;
}

/** A string safe inside an inline `<script>` or `<style>` element. */
const inline = (text: string): string => text.replace(/<\/(script|style)/gi, '<\\/$1');

let shared: { module: string; charts: string; view: string; style: string } | undefined;
const pages = new Map<string, string>();

/** The view's whole page: styles and scripts inline, nothing fetched (hosts' default CSP allows no network). */
export function appHtml(kind: AppView['kind']): string {
  let page = pages.get(kind);
  if (page !== undefined) return page;
  shared ??= { module: extAppsBrowserModule(), charts: assetText('charts.js'), view: assetText('app-view.js'), style: assetText('charts.css') };
  const view = VIEWS.find((candidate) => candidate.kind === kind)!;
  const script = `${shared.module}\n${shared.charts}\nconst HA_VIEW = ${JSON.stringify({ kind, version: PACKAGE_VERSION, requery: view.requery ?? null })};\n${shared.view}`;
  page =
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>HeadlessAnalytics: ${view.title}</title><style>${inline(shared.style)}\nbody { margin: 0; padding: 12px; }</style></head>` +
    `<body class="ha-chart"><main id="ha-root" class="ha-chart"><p class="ha-empty">Waiting for the tool result…</p></main>` +
    `<script type="module">${inline(script)}</script></body></html>`;
  pages.set(kind, page);
  return page;
}

const resourceMeta = { ui: { prefersBorder: true, csp: { connectDomains: [], resourceDomains: [] } } };

/** Lists a view when the server serves one of its tools; reads any view by its `ui://` URI. */
export const appResourceProvider: AppResourceProvider = {
  async list(client) {
    const served = new Set((await client.listTools()).map((tool) => tool.name));
    return VIEWS.filter((view) => view.tools.some((tool) => served.has(tool))).map((view) => ({
      uri: uriOf(view),
      name: `${view.kind}-view`,
      title: view.title,
      description: `${view.description} The MCP Apps view of ${view.tools.join(' and ')}.`,
      mimeType: RESOURCE_MIME_TYPE,
      _meta: resourceMeta,
    }));
  },
  templates: () => [],
  async read(uri) {
    const view = viewOfUri.get(uri);
    if (!view) return undefined;
    return { contents: [{ uri, mimeType: RESOURCE_MIME_TYPE, text: appHtml(view.kind), _meta: resourceMeta }] };
  },
};
