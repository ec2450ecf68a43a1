import { describe, expect, it } from 'vitest';
import { QueuedEvent } from './queued-event.js';

describe('QueuedEvent as the promise track() returns', () => {
  it('resolves awaits made before and after it settles, through then, catch, finally and Promise.all', async () => {
    const queued = new QueuedEvent(1, { given: 'm-1', prefix: '' }, 'order.created', 5, { properties: { revenue: 22 } });
    const early = Promise.all([queued, queued.then((result) => result.delivered)]);
    let finished = false;
    const viaFinally = queued.finally(() => (finished = true));
    queued.settle({ messageId: 'm-1', delivered: true, id: 'evt_1' });
    queued.settle({ messageId: 'm-1', delivered: false, error: undefined as never });
    expect(await early).toEqual([{ messageId: 'm-1', delivered: true, id: 'evt_1' }, true]);
    expect(await viaFinally).toMatchObject({ id: 'evt_1' });
    expect(finished).toBe(true);
    expect(await queued.catch(() => 'never')).toMatchObject({ delivered: true });
    expect(await Promise.resolve(queued)).toMatchObject({ delivered: true });
    expect(String(queued)).toBe('[object TrackReceipt]');
  });

  it('serializes the envelope with the queue-owned fields first', () => {
    expect(JSON.parse(new QueuedEvent(1, { given: 'm', prefix: '' }, 'a.b', 7, { properties: { x: 1 } }).serialize())).toEqual({ event: 'a.b', timestamp: 7, messageId: 'm', properties: { x: 1 } });
    expect(new QueuedEvent(36, { given: undefined, prefix: 'p.' }, 'a.b', 7, {}).serialize()).toBe('{"event":"a.b","timestamp":7,"messageId":"p.10"}');
  });
});
