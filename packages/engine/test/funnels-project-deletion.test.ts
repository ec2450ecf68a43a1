import { afterEach, beforeEach, expect, it } from 'vitest';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);

let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine({ clock: () => NOW });
});
afterEach(() => t.engine.close());

it("stops counting a deleted project's events in funnels at once (the in-memory timelines drop them)", async () => {
  const { id: shop } = await expectOk<{ id: string }>(t.call('create_project', { name: 'shop' }));
  const steps = [{ event: 'product.viewed' }, { event: 'order.created' }];
  const journey = (actor: string, businessId?: string) =>
    ['product.viewed', 'order.created'].map((event, index) => ({ event, actor, timestamp: NOW - 3_600_000 + index * 60_000, ...(businessId ? { businessId } : {}) }));
  await expectOk(t.call('ingest_event', { events: [...journey('kept'), ...journey('shopper-1', shop), ...journey('shopper-2', shop)] }));
  const counts = async () => (await expectOk<{ steps: Array<{ count: number }> }>(t.call('query_funnel', { steps }))).steps.map((step) => step.count);
  expect(await counts()).toEqual([3, 3]);
  await expectOk(t.call('delete_project', { id: shop }));
  expect(await counts()).toEqual([1, 1]);
});
