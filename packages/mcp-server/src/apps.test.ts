import type { ToolClient, ToolDescriptor } from '@headlessanalytics/engine';
import { describe, expect, it } from 'vitest';
import { appHtml, appResourceProvider, appToolMeta, extAppsBrowserModule } from './apps.js';

/** A client serving only the named tools (the provider reads nothing but their names). */
const serving = (...names: string[]): ToolClient =>
  ({ mode: 'embedded', listTools: async () => names.map((name) => ({ name }) as ToolDescriptor) }) as Partial<ToolClient> as ToolClient;

describe('MCP Apps views', () => {
  it('links the chart tools to their view and no other tool', () => {
    expect(appToolMeta('analyze_funnel')).toEqual({ ui: { resourceUri: 'ui://headlessanalytics/funnel.html' }, 'ui/resourceUri': 'ui://headlessanalytics/funnel.html' });
    expect(appToolMeta('query_funnel')).toEqual(appToolMeta('analyze_funnel'));
    expect((appToolMeta('get_stats')!.ui as { resourceUri: string }).resourceUri).toBe('ui://headlessanalytics/stats.html');
    expect(appToolMeta('track_event')).toBeUndefined();
  });

  it('lists the views of the tools the client serves, and reads any view by its URI', async () => {
    const listed = await appResourceProvider.list(serving('get_heatmap', 'query_funnel', 'track_event'));
    expect(listed.map((resource) => [resource.uri, resource.mimeType])).toEqual([
      ['ui://headlessanalytics/funnel.html', 'text/html;profile=mcp-app'],
      ['ui://headlessanalytics/heatmap.html', 'text/html;profile=mcp-app'],
    ]);
    expect(appResourceProvider.templates()).toEqual([]);
    const read = await appResourceProvider.read('ui://headlessanalytics/retention.html', serving());
    expect(read?.contents).toEqual([expect.objectContaining({ uri: 'ui://headlessanalytics/retention.html', mimeType: 'text/html;profile=mcp-app' })]);
    expect(await appResourceProvider.read('ui://headlessanalytics/nope.html', serving())).toBeUndefined();
    expect(await appResourceProvider.read('ha://projects', serving())).toBeUndefined();
  });

  it('inlines the ext-apps browser build as a constant instead of its export clause', () => {
    const module = extAppsBrowserModule();
    expect(module).not.toMatch(/export\s*\{[^}]*\};?\s*$/);
    expect(module).toMatch(/const ExtApps = \{ App: [\w$]+, applyDocumentTheme: [\w$]+, applyHostStyleVariables: [\w$]+ \};\n$/);
    expect(() => extAppsBrowserModule(['NoSuchExport'])).toThrow(/exports no 'NoSuchExport'/);
  });

  it('builds one self-contained page per view: one inline module script, nothing loaded from elsewhere', () => {
    for (const kind of ['funnel', 'retention', 'heatmap', 'stats'] as const) {
      const html = appHtml(kind);
      expect(html).toMatch(/^<!doctype html>/);
      expect(html.match(/<script/g)).toHaveLength(1);
      expect(html.match(/<\/script>/g)).toHaveLength(1);
      expect(html).toContain(`const HA_VIEW = {"kind":"${kind}"`);
      expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    }
  });
});
