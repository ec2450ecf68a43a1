import { afterEach, describe, expect, it } from 'vitest';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

interface Catalog {
  project: string | null;
  events: Array<{ event: string; count: number; lastSeen: number; propertyKeys: string[] }>;
  nextCursor: string | null;
}

let t: TestEngine;
/** Recent timestamps, inside any retention window. */
const base = Date.now() - 60_000;
afterEach(() => t.engine.close());

async function seed(): Promise<string> {
  t = await openTestEngine();
  const project = await expectOk<{ id: string }>(t.call('create_project', { name: 'shop' }));
  await expectOk(t.call('ingest_event', { event: 'order.created', timestamp: base + 1_000, properties: { revenue: 3, sku: 'a' } }));
  await expectOk(t.call('ingest_event', { event: 'order.created', timestamp: base + 5_000, properties: { coupon: 'x' } }));
  await expectOk(t.call('ingest_event', { event: 'order.refunded', timestamp: base + 2_000 }));
  await expectOk(t.call('track_event', { project: 'shop', event: 'page_view', timestamp: base + 3_000, properties: { path: '/' } }));
  return project.id;
}

describe('get_event_catalog', () => {
  it('lists the workspace\'s event names in name order with counts, the latest timestamp and property keys', async () => {
    await seed();
    const catalog = await expectOk<Catalog>(t.call('get_event_catalog', {}));
    expect(catalog).toEqual({
      project: null,
      events: [
        { event: 'order.created', count: 2, lastSeen: base + 5_000, propertyKeys: ['coupon', 'revenue', 'sku'] },
        { event: 'order.refunded', count: 1, lastSeen: base + 2_000, propertyKeys: [] },
        { event: 'page_view', count: 1, lastSeen: base + 3_000, propertyKeys: ['path'] },
      ],
      nextCursor: null,
      truncated: false,
    });
  });

  it('covers one project, narrows by prefix and pages with a cursor', async () => {
    const projectId = await seed();
    expect(await expectOk<Catalog>(t.call('get_event_catalog', { project: 'shop' }))).toEqual({
      project: projectId,
      events: [{ event: 'page_view', count: 1, lastSeen: base + 3_000, propertyKeys: ['path'] }],
      nextCursor: null,
      truncated: false,
    });
    const names = (catalog: Catalog) => catalog.events.map((entry) => entry.event);
    expect(names(await expectOk<Catalog>(t.call('get_event_catalog', { prefix: 'order.' })))).toEqual(['order.created', 'order.refunded']);
    const first = await expectOk<Catalog>(t.call('get_event_catalog', { limit: 2 }));
    expect(names(first)).toEqual(['order.created', 'order.refunded']);
    const second = await expectOk<Catalog>(t.call('get_event_catalog', { limit: 2, cursor: first.nextCursor }));
    expect(second).toMatchObject({ events: [{ event: 'page_view' }], nextCursor: null });
  });

  it('names the field of a bad cursor and an unknown project', async () => {
    await seed();
    const badCursor = await t.call('get_event_catalog', { cursor: 'nope' });
    expect(badCursor.ok || badCursor.error.details?.issues).toEqual([{ path: 'cursor', message: expect.stringContaining('is not a cursor this tool returned') }]);
    const unknown = await t.call('get_event_catalog', { project: 'nope' });
    expect(unknown.ok || unknown.error.code).toBe('NOT_FOUND');
  });
});
