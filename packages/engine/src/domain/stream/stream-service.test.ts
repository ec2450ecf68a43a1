import { afterEach, describe, expect, it } from 'vitest';
import { openLibsqlStore } from '../../store/libsql/libsql-store.js';
import type { Store } from '../../store/store.js';
import { LibsqlStreamRepo } from '../../store/libsql/stream.js';
import { mainThreadReader } from '../analytics/reader.js';
import { EventBus } from './event-bus.js';
import { PublishingEventWriter } from './publishing-writer.js';
import { StreamService } from './stream-service.js';

const streamRepo = (store: Store) => {
  const reader = mainThreadReader(store);
  return new LibsqlStreamRepo((sql, args) => reader.all(sql, args));
};

describe('StreamService', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  async function setup(capacity: number) {
    store = await openLibsqlStore({ url: ':memory:' });
    const bus = new EventBus(capacity);
    const writer = new PublishingEventWriter(store, bus);
    const write = (event: string, businessId = 'p1', receivedAt = 1_000) =>
      writer.write([{ workspaceId: 'ws', receivedAt, envelope: { event, businessId, timestamp: receivedAt } }]).then((results) => results[0]!.id);
    return { bus, writer, write, stream: new StreamService(streamRepo(store), bus) };
  }

  it('replays from the buffer when it reaches back, and from storage when it does not', async () => {
    const { bus, write, stream } = await setup(2);
    const ids = [await write('a'), await write('b'), await write('c'), await write('d')];
    const filter = { workspaceId: 'ws', businessId: 'p1' };
    expect(bus.replaySince(filter, ids[2]!)?.map((item) => item.event.event)).toEqual(['d']);
    expect(bus.replaySince(filter, ids[0]!)).toBeNull();
    expect((await stream.replay(filter, ids[0]!)).map((item) => item.event.event)).toEqual(['b', 'c', 'd']);
  });

  it('a live stream ends when its signal aborts and leaves no subscriber behind', async () => {
    const { bus, write, stream } = await setup(10);
    const controller = new AbortController();
    const live = stream.live({ workspaceId: 'ws', businessId: 'p1' }, { heartbeatMs: 60_000, signal: controller.signal });
    expect(bus.subscriberCount).toBe(1);
    await write('other', 'p2');
    await write('mine');
    const first = await live.next();
    expect(first.value).toMatchObject({ kind: 'event', item: { event: { event: 'mine', businessId: 'p1' } } });
    const pending = live.next();
    controller.abort();
    expect((await pending).done).toBe(true);
    expect(bus.subscriberCount).toBe(0);
  });

  it('writes committed together are published in commit order, before any of them is answered', async () => {
    const { bus, writer } = await setup(10);
    const subscription = bus.subscribe({ workspaceId: 'ws' });
    const published: string[] = [];
    const row = (event: string) => ({ workspaceId: 'ws', receivedAt: 7, envelope: { event, businessId: 'p1', timestamp: 7 } });
    const answered = await Promise.all(
      ['a', 'b', 'c'].map((event) =>
        writer.write([row(event)]).then(async (results) => {
          // Every event of the commit is already on the bus when the first write is answered.
          for (let item = await subscription.next(0); item; item = await subscription.next(0)) published.push(item.event.event);
          return results[0]!.id;
        }),
      ),
    );
    expect(writer.stats.commits).toBe(1);
    expect(published).toEqual(['a', 'b', 'c']);
    expect(bus.replaySince({ workspaceId: 'ws' }, answered[0]!)?.map((item) => item.event.id)).toEqual(answered.slice(1));
    subscription.close();
  });

  it('duplicates (same messageId) are not published twice', async () => {
    const { bus, writer, stream } = await setup(10);
    const row = () => ({ workspaceId: 'ws', receivedAt: 5, envelope: { event: 'once', businessId: 'p1', timestamp: 5, messageId: 'm1' } });
    const subscription = bus.subscribe({ workspaceId: 'ws' });
    await writer.write([row()]);
    await writer.write([row()]);
    expect((await subscription.next(0))?.event.event).toBe('once');
    expect(await subscription.next(0)).toBeNull();
    subscription.close();
    expect(await stream.collect({ workspaceId: 'ws' }, { lastId: '0', maxEvents: 10, waitMs: 0 })).toHaveLength(1);
  });

  describe('resume from storage', () => {
    /** Events stored with the given ids in this commit order (as another process writing to the file could leave them). */
    async function stored(rows: Array<{ id: string; workspaceId?: string; businessId?: string }>, limits?: { margin: number; maxScanByPosition: number }) {
      store = await openLibsqlStore({ url: ':memory:' });
      await store.batch(rows.map(({ id, workspaceId = 'ws', businessId = 'p1' }) => ({
        sql: 'INSERT INTO events (id, workspace_id, business_id, event, ts, received_at, body) VALUES (?, ?, ?, ?, 1, 1, ?)',
        args: [id, workspaceId, businessId, `e${id}`, JSON.stringify({ event: `e${id}`, businessId, timestamp: 1 })],
      })));
      return new StreamService(streamRepo(store), new EventBus(1), limits);
    }
    const ids = (items: Array<{ event: { id: string } }>) => items.map((item) => item.event.id);

    it('reads the events committed after the last id, in commit order, of the workspace and project only', async () => {
      const rows = Array.from({ length: 40 }, (_, index) => ({
        id: `01A${String(index).padStart(23, '0')}`,
        workspaceId: index % 4 === 3 ? 'other' : 'ws',
        businessId: index % 5 === 4 ? 'p2' : 'p1',
      }));
      const stream = await stored(rows, { margin: 2, maxScanByPosition: 1_000 });
      const mine = rows.filter((row) => row.workspaceId === 'ws' && row.businessId === 'p1').map((row) => row.id);
      expect(ids(await stream.replay({ workspaceId: 'ws', businessId: 'p1' }, rows[9]!.id))).toEqual(mine.filter((id) => id > rows[9]!.id));
      expect(ids(await stream.replay({ workspaceId: 'ws', businessId: 'p1' }, '0'))).toEqual(mine);
      expect(await stream.replay({ workspaceId: 'ws', businessId: 'p1' }, rows[39]!.id)).toEqual([]);
      expect(ids(await stream.replay({ workspaceId: 'other' }, rows[30]!.id))).toEqual([rows[31]!.id, rows[35]!.id, rows[39]!.id]);
    });

    it('finds later ids committed a little before the last id\'s position, within the margin', async () => {
      // Position 3 holds an id after 'B4' committed before it (another process's clock ran ahead).
      const order = ['B1', 'B2', 'B9', 'B3', 'B4', 'B5', 'B6'].map((id) => `01${id}`.padEnd(26, '0'));
      const within = await stored(order.map((id) => ({ id })), { margin: 3, maxScanByPosition: 1_000 });
      expect(ids(await within.replay({ workspaceId: 'ws' }, order[4]!))).toEqual([order[2], order[5], order[6]]);
    });

    it('reads the workspace\'s index, sorted by id, when more events than the limit were committed since', async () => {
      const order = ['C1', 'C2', 'C9', 'C3', 'C4', 'C5', 'C6'].map((id) => `01${id}`.padEnd(26, '0'));
      const far = await stored(order.map((id) => ({ id })), { margin: 0, maxScanByPosition: 2 });
      expect(ids(await far.replay({ workspaceId: 'ws' }, order[0]!))).toEqual([order[1], order[3], order[4], order[5], order[6], order[2]]);
    });
  });
});
