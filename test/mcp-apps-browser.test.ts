import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedToolClient } from '@headlessanalytics/engine';
import { createMcpServer } from '@headlessanalytics/mcp';
import { agentAnalytics } from './agent-analytics-harness.js';
import { attributes, dataValues, expectScreenshot, startBrowserBridge, type BrowserBridge } from './browser-bridge.js';
import { ViewHost } from './browser-host.js';
import type { Bridge } from './rest-harness.js';

const MIME = 'text/html;profile=mcp-app';
const CHART_TOOLS = ['get_stats', 'get_retention', 'get_heatmap', 'analyze_funnel', 'query_funnel'];

/** MCP Apps: the chart tools link ui:// views; each view, hosted in Chromium, draws a real tool result's numbers. */
describe('MCP Apps views in a real browser', () => {
  let setup: BrowserBridge;
  let bridge: Bridge;
  let client: Client;
  let host: ViewHost;
  const project = 'my-site';

  beforeAll(async () => {
    setup = await startBrowserBridge(project);
    bridge = setup.bridge;
    const tools = embeddedToolClient(bridge.engine, bridge.engine.localPrincipal(bridge.workspaceId), 'mcp');
    const server = createMcpServer(tools, { selection: { toolsets: ['all'] } });
    const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: 'apps-test', version: '1.0.0' });
    await client.connect(clientSide);
    host = await ViewHost.open(await setup.browser.newContext({ viewport: { width: 800, height: 660 } }));
  });
  afterAll(async () => {
    await client?.close();
    await setup?.close();
  });

  /** Screenshots the host page and checks that neither it nor the view logged an error. */
  async function shot(name: string): Promise<void> {
    await expectScreenshot(host.page, setup.screens, name);
    expect(host.errors).toEqual([]);
  }

  async function readView(tool: string): Promise<string> {
    const { tools } = await client.listTools();
    const uri = (tools.find((candidate) => candidate.name === tool)?._meta?.ui as { resourceUri?: string } | undefined)?.resourceUri;
    expect(uri, tool).toBeDefined();
    const read = await client.readResource({ uri: uri! });
    return (read.contents[0] as { text: string }).text;
  }

  async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    return result;
  }

  it('links each chart tool to a ui:// view, and lists and serves the views as self-contained pages', async () => {
    const { tools } = await client.listTools();
    const linked = tools.filter((tool) => tool._meta?.ui).map((tool) => tool.name);
    expect(linked.sort()).toEqual([...CHART_TOOLS].sort());
    for (const tool of tools.filter((candidate) => candidate._meta?.ui)) {
      const uri = (tool._meta!.ui as { resourceUri: string }).resourceUri;
      expect(uri).toMatch(/^ui:\/\/headlessanalytics\/[a-z]+\.html$/);
      expect(tool._meta!['ui/resourceUri']).toBe(uri);
    }
    const { resources } = await client.listResources();
    const views = resources.filter((resource) => resource.uri.startsWith('ui://'));
    expect(views.map((view) => view.uri).sort()).toEqual(['funnel', 'heatmap', 'retention', 'stats'].map((kind) => `ui://headlessanalytics/${kind}.html`));
    for (const view of views) {
      expect(view.mimeType).toBe(MIME);
      const read = await client.readResource({ uri: view.uri });
      const content = read.contents[0] as { uri: string; mimeType: string; text: string };
      expect(content).toMatchObject({ uri: view.uri, mimeType: MIME });
      expect(content.text).toMatch(/^<!doctype html>/);
      expect(content.text).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
      expect(content.text).not.toMatch(/\bimport\s*\(?\s*["']https?:/);
    }
  });

  it('answers the chart tools with the same JSON as before, for hosts without MCP Apps', async () => {
    const result = await call('get_stats', { project, since: '7d' });
    const rest = await agentAnalytics(bridge).get('/stats', { project, since: '7d' });
    expect(result.structuredContent).toEqual(rest.body);
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(rest.body);
  });

  it('draws get_stats: totals and one bar per bucket; the Users toggle redraws the series, the Week bucket calls the tool again through the host', async () => {
    const args = { project, since: '7d' };
    const result = await call('get_stats', args);
    const answer = result.structuredContent as { totals: { total_events: number; unique_users: number }; timeSeries: Array<{ bucket: string; total_events: number; unique_users: number }> };
    const { view } = await host.show(client, await readView('get_stats'), { arguments: args, result });
    await expect.poll(() => view.locator('[data-metric="total_events"]').getAttribute('data-value')).toBe(String(answer.totals.total_events));
    expect(await view.locator('[data-metric="unique_users"]').textContent()).toBe(String(answer.totals.unique_users));
    const bars = view.locator('rect.ha-bar');
    expect(await attributes(bars, 'data-bucket')).toEqual(answer.timeSeries.map((point) => point.bucket));
    expect(await dataValues(bars)).toEqual(answer.timeSeries.map((point) => point.total_events));
    await view.locator('button[data-choice="unique_users"]').click();
    await expect.poll(() => dataValues(bars)).toEqual(answer.timeSeries.map((point) => point.unique_users));
    // Another bucket: the view calls get_stats again through the host (AppBridge forwards tools/call to the client).
    const weekly = (await call('get_stats', { ...args, groupBy: 'week' })).structuredContent as typeof answer;
    await view.locator('button[data-choice="week"]').click();
    await expect.poll(() => attributes(bars, 'data-bucket')).toEqual(weekly.timeSeries.map((point) => point.bucket));
    expect(await dataValues(bars)).toEqual(weekly.timeSeries.map((point) => point.unique_users));
    await shot('stats');
  });

  it('draws analyze_funnel and query_funnel: one bar per step with its count and the overall rate', async () => {
    const calls = [
      { tool: 'analyze_funnel', args: { project, steps: [{ event: 'page_view' }, { event: 'signup_start' }, { event: 'signup_complete' }] }, count: 'users' },
      { tool: 'query_funnel', args: { steps: [{ name: 'Visit', event: 'page_view' }, { name: 'Signup', event: 'signup_start' }] }, count: 'count' },
    ];
    for (const { tool, args, count } of calls) {
      const result = await call(tool, args);
      const answer = result.structuredContent as Record<string, any>;
      const { view } = await host.show(client, await readView(tool), { arguments: args, result });
      const steps = view.locator('g.ha-step');
      await expect.poll(() => steps.count()).toBe(answer.steps.length);
      expect(await attributes(steps, 'data-event')).toEqual(answer.steps.map((step: Record<string, any>) => step.event));
      expect(await dataValues(steps)).toEqual(answer.steps.map((step: Record<string, any>) => step[count]));
      expect(answer.steps[0][count]).toBeGreaterThan(0);
      const overall = answer.overall_conversion_rate ?? answer.overallConversionRate;
      expect(Number(await view.locator('[data-metric="overall_conversion_rate"]').getAttribute('data-value'))).toBe(overall);
      await shot(tool);
    }
  });

  it('draws get_retention: the cohort grid and the average rates', async () => {
    const args = { project, period: 'day', cohorts: 14 };
    const result = await call('get_retention', args);
    const answer = result.structuredContent as { cohorts: Array<{ date: string; rates: number[] }>; average_rates: number[] };
    expect(answer.cohorts.length).toBeGreaterThan(0);
    const { view } = await host.show(client, await readView('get_retention'), { arguments: args, result });
    const average = view.locator('tr.ha-average td[data-offset]');
    await expect.poll(() => average.count()).toBe(answer.average_rates.length);
    expect(await dataValues(average)).toEqual(answer.average_rates);
    for (const cohort of answer.cohorts) {
      expect(await dataValues(view.locator(`tr[data-cohort="${cohort.date}"] td[data-offset]`))).toEqual(cohort.rates);
    }
    await shot('retention');
  });

  it('draws get_heatmap: every non-empty cell with its events and the peak', async () => {
    const args = { project, since: '30d' };
    const result = await call('get_heatmap', args);
    const answer = result.structuredContent as { heatmap: Array<{ day: number; hour: number; events: number }>; peak: { events: number } | null };
    expect(answer.heatmap.length).toBeGreaterThan(0);
    const { view } = await host.show(client, await readView('get_heatmap'), { arguments: args, result });
    await expect.poll(() => view.locator('rect.ha-heat').count()).toBe(7 * 24);
    const drawn = await view.locator('rect.ha-heat').evaluateAll((nodes) =>
      nodes.filter((node: any) => node.getAttribute('data-value') !== '0').map((node: any) => [Number(node.getAttribute('data-day')), Number(node.getAttribute('data-hour')), Number(node.getAttribute('data-value'))]),
    );
    const expected = answer.heatmap.map((cell) => [cell.day, cell.hour, cell.events]);
    const order = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]!;
    expect(drawn.sort(order)).toEqual(expected.sort(order));
    expect(await view.locator('[data-metric="peak_events"]').getAttribute('data-value')).toBe(String(answer.peak!.events));
    await shot('heatmap');
  });
});
