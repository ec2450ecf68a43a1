import { afterEach, describe, expect, it } from 'vitest';
import { openLibsqlStore } from '../../store/libsql/libsql-store.js';
import type { Store } from '../../store/store.js';
import { mainThreadReader } from '../analytics/reader.js';
import { EventBus } from './event-bus.js';
import { PublishingEventWriter } from './publishing-writer.js';
import { StreamService } from './stream-service.js';

describe('StreamService', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  async function setup(capacity: number) {
    store = await openLibsqlStore({ url: ':memory:' });
    const bus = new EventBus(capacity);
    const writer = new PublishingEventWriter(store, bus);
    const write = (event: string, businessId = 'p1', receivedAt = 1_000) =>
      writer.write([{ workspaceId: 'ws', receivedAt, envelope: { event, businessId, timestamp: receivedAt } }]).then((results) => results[0]!.id);
    return { bus, writer, write, stream: new StreamService(mainThreadReader(store), bus) };
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
});
