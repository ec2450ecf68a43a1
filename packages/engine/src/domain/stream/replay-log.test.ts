import { describe, expect, it } from 'vitest';
import { ReplayLog } from './replay-log.js';

const id = (n: number) => `01K${String(n).padStart(23, '0')}`;
const record = (n: number, workspaceId = 'ws_a', properties: Record<string, unknown> = {}) => ({
  workspaceId,
  id: id(n),
  receivedAt: 1_767_225_600_000 + n,
  json: JSON.stringify({ event: `e${n}`, businessId: 'default', timestamp: 1_767_225_600_000 + n, properties }),
});
const events = (log: ReplayLog, after: string, workspaceId = 'ws_a') => [...log.after(workspaceId, after)].map((item) => item.event);

describe('ReplayLog', () => {
  it('gives back the events after an id, in order, with their id and receipt time', () => {
    const log = new ReplayLog(100);
    for (let n = 1; n <= 10; n += 1) log.append(record(n));
    expect(log.oldestId()).toBe(id(1));
    expect(events(log, id(7))).toEqual([8, 9, 10].map((n) => ({ event: `e${n}`, businessId: 'default', timestamp: 1_767_225_600_000 + n, properties: {}, id: id(n), receivedAt: 1_767_225_600_000 + n })));
    expect(events(log, id(10))).toEqual([]);
    expect(events(log, '0')).toHaveLength(10);
  });

  it('keeps at least capacity of the latest events, dropping whole segments', () => {
    const log = new ReplayLog(3);
    for (let n = 1; n <= 8; n += 1) log.append(record(n));
    // Segments hold 3 records: 1-3 went once 4-6 held capacity; 7-8 are in the newest one.
    expect(log.size).toBe(5);
    expect(log.oldestId()).toBe(id(4));
    expect(events(log, id(4)).map((event) => event.event)).toEqual(['e5', 'e6', 'e7', 'e8']);
    expect(events(log, id(6)).map((event) => event.event)).toEqual(['e7', 'e8']);
  });

  it('works with a capacity of one', () => {
    const log = new ReplayLog(1);
    for (let n = 1; n <= 4; n += 1) log.append(record(n));
    expect(log.oldestId()).toBe(id(4));
    expect(events(log, id(3)).map((event) => event.event)).toEqual(['e4']);
  });

  it('returns only the asked workspace\'s events', () => {
    const log = new ReplayLog(100);
    for (let n = 1; n <= 6; n += 1) log.append(record(n, n % 2 === 0 ? 'ws_b' : 'ws_a'));
    expect(events(log, '0', 'ws_b').map((event) => event.event)).toEqual(['e2', 'e4', 'e6']);
    expect(events(log, '0', 'ws_c')).toEqual([]);
  });

  it('round-trips text in any script, escaped characters and NUL inside the JSON', () => {
    const log = new ReplayLog(10);
    const properties = { note: 'café ☕ 東京 🚀', quote: 'a "b" \\ c', nul: 'x\u0000y' };
    log.append(record(1, 'ws_a', properties));
    expect(events(log, '0')[0]!.properties).toEqual(properties);
  });

  it('bounds its memory: the oldest segment goes when maxBytes is reached, and a record larger than a segment is not kept', () => {
    const log = new ReplayLog(1_000, 4_096);
    const big = 'x'.repeat(1_500);
    for (let n = 1; n <= 6; n += 1) log.append(record(n, 'ws_a', { big }));
    // Two 1.6 KB records fit in the one 4 KiB segment allowed: 5 and 6.
    expect(log.oldestId()).toBe(id(5));
    expect(events(log, '0').map((event) => event.event)).toEqual(['e5', 'e6']);
    // A record that fits no segment empties the log, so no resume from before it is answered without it.
    log.append(record(7, 'ws_a', { huge: 'y'.repeat(5_000) }));
    expect(log.size).toBe(0);
    expect(log.oldestId()).toBeUndefined();
    log.append(record(8));
    expect(log.oldestId()).toBe(id(8));
  });

  it('spans segments: 2,000 records of up to 450 bytes, read back from any point', () => {
    const log = new ReplayLog(10_000);
    for (let n = 1; n <= 2_000; n += 1) log.append(record(n, 'ws_a', { pad: 'z'.repeat(n % 300) }));
    const all = events(log, '0');
    expect(all).toHaveLength(2_000);
    expect(all[1_999]!.properties).toEqual({ pad: 'z'.repeat(2_000 % 300) });
    expect(events(log, id(1_234)).map((event) => event.id)).toEqual(Array.from({ length: 766 }, (_, index) => id(1_235 + index)));
  });
});
