import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, errorOf, ha, outputOf, type Sandbox } from './ha-process.js';

let sandbox: Sandbox;
const run = (...args: string[]) => ha(args, { cwd: sandbox.dir, env: sandbox.env });

beforeAll(() => {
  sandbox = createSandbox();
});
afterAll(() => sandbox.remove());

describe('the spec command forms, each checked through another command', () => {
  it('track, then metric-query shows the count and the revenue sum', async () => {
    const first = outputOf(await run('track', 'order.created', '{"revenue":22,"source":"bag_qr","campaign":"spring-launch"}'));
    expect(first).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(first.ids).toHaveLength(1);
    outputOf(await run('track', 'order.created', '{"revenue":8}'));

    const metrics = outputOf(await run('metric-query', '{"eventName":"order.created","limit":500}'));
    expect(metrics.totalEvents).toBe(2);
    expect(metrics.metrics).toEqual([{ event: 'order.created', count: 2, sums: { 'properties.revenue': 30 } }]);
  });

  it('funnel-query counts actors through the steps', async () => {
    outputOf(await run('track', 'qr.bottle_scanned', '{}', '--actor', 'u1'));
    const batch = [
      { event: 'qr.bottle_scanned', actor: 'u2' },
      { event: 'checkout.paid', actor: 'u1' },
    ];
    expect(outputOf(await run('ingest-event', '--events', JSON.stringify(batch))).accepted).toBe(2);
    const funnel = outputOf(
      await run('funnel-query', '[{"name":"Scan","event":"qr.bottle_scanned"},{"name":"Paid","event":"checkout.paid"}]'),
    );
    expect(funnel.steps.map((step: { name: string; count: number }) => [step.name, step.count])).toEqual([
      ['Scan', 2],
      ['Paid', 1],
    ]);
    expect(funnel.overallConversionRate).toBe(0.5);
  });

  it('the tool names, snake_case and kebab-case, take a JSON object merged into the input', async () => {
    outputOf(await run('ingest_event', '{"event":"lead.created","properties":{"score":3}}'));
    outputOf(await run('ingest-event', '{"event":"lead.created","properties":{"score":4}}'));
    const metrics = outputOf(await run('query-metrics', '{"eventName":"lead.created"}'));
    expect(metrics.metrics[0]).toMatchObject({ count: 2, sums: { 'properties.score': 7 } });
  });

  it('usage shows the calls made through the cli surface', async () => {
    const usage = outputOf(await run('usage'));
    const ingest = usage.rows.find((row: { tool: string }) => row.tool === 'ingest_event');
    expect(ingest).toMatchObject({ surface: 'cli', keyId: null });
    expect(ingest.calls).toBe(6);
    expect(usage.totals.calls).toBeGreaterThan(ingest.calls);
  });
});

describe('--<field> options from the input schema', () => {
  it('parse strings, numbers, booleans and JSON, and override the JSON argument', async () => {
    const tracked = outputOf(
      await run('ingest-event', '{"event":"ignored"}', '--event', 'refund.issued', '--properties', '{"amount":5}', '--timestamp', '1700000000000'),
    );
    expect(tracked.accepted).toBe(1);
    const events = outputOf(await run('events', '--event', 'refund.issued', '--limit', '5'));
    expect(events.events).toHaveLength(1);
    expect(events.events[0]).toMatchObject({ event: 'refund.issued', timestamp: 1_700_000_000_000, properties: { amount: 5 } });

    const snapshot = outputOf(await run('metric-snapshot', '--event-name', 'refund.issued', '--from', '0'));
    expect(snapshot.metrics[0]).toMatchObject({ count: 1, sums: { 'properties.amount': 5 } });
    expect(snapshot.snapshotId).toEqual(expect.stringMatching(/^snap_/));
    const read = outputOf(await run('metric-query', '--event-name', 'refund.issued', '--from', '0'));
    expect(read.metrics).toEqual(snapshot.metrics);
    expect(read).not.toHaveProperty('snapshotId');
  });

  it('a JSON argument or option given as `-` is read from standard input', async () => {
    const stdin = (args: string[], input: string) => ha(args, { cwd: sandbox.dir, env: sandbox.env, stdin: input });
    expect(outputOf(await stdin(['track', 'piped.event', '-'], '{"weight":250}')).accepted).toBe(1);
    const metrics = outputOf(await stdin(['metric-query', '-'], '{"eventName":"piped.event"}'));
    expect(metrics.metrics).toEqual([{ event: 'piped.event', count: 1, sums: { 'properties.weight': 250 } }]);
  });

  it('--help shows the tool description and one option per input field', async () => {
    const help = await run('metric-query', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Runs the tool query_metrics');
    expect(help.stdout).toContain('Count events and sum their numeric properties');
    for (const flag of ['--event-name <string>', '--event-names <json>', '--limit <number>', '--business-id <string>', '--interval <string>']) {
      expect(help.stdout).toContain(flag);
    }
    const viaHelpCommand = await run('help', 'track');
    expect(viaHelpCommand.stdout).toContain('Usage: ha track [options] <event> [properties]');
    expect(viaHelpCommand.stdout).toContain('--properties <json>');
  });
});

describe('output', () => {
  it('is one compact JSON document by default and indented with --pretty', async () => {
    const compact = await run('tools');
    expect(compact.stdout.trimEnd().split('\n')).toHaveLength(1);
    const pretty = await run('tools', '--pretty');
    expect(pretty.stdout).toContain('\n  "tools": [\n');
    expect(JSON.parse(pretty.stdout)).toEqual(JSON.parse(compact.stdout));
  });

  it('tools lists name, scope and title of every tool with its commands', async () => {
    const { tools } = outputOf(await run('tools'));
    expect(tools.find((tool: { name: string }) => tool.name === 'ingest_event')).toEqual({
      name: 'ingest_event',
      scope: 'write',
      title: 'Ingest events',
      toolset: 'events',
      commands: ['track', 'ingest_event', 'ingest-event'],
    });
  });

  it('pretty errors are indented JSON on stderr too', async () => {
    const result = await run('key-revoke', 'key_missing', '--pretty');
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('\n  "error": {\n');
    expect(errorOf(result)).toMatchObject({ code: 'NOT_FOUND' });
  });
});
