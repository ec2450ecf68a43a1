import type { StoredEvent } from '../events/envelope.js';
import { partitionPoint } from '../indexes/partition-point.js';

/** One event for the log: its workspace, id, receipt time and JSON text (with or without `id`/`receivedAt`). */
export interface ReplayRecord {
  workspaceId: string;
  id: string;
  receivedAt: number;
  json: string;
}

const SEPARATOR = '\u0000';
const SEPARATOR_BYTE = 0;
const SEGMENT_BYTES = 256 * 1024;
const SEGMENT_RECORDS = 4_096;

/** Records in one fixed-size byte buffer: `ends[i]` is where record `i` ends. */
class Segment {
  readonly bytes: Buffer;
  used = 0;
  count = 0;
  readonly ends: Int32Array;
  readonly receivedAt: Float64Array;

  constructor(bytes: number, records: number) {
    this.bytes = Buffer.allocUnsafe(bytes);
    this.ends = new Int32Array(records);
    this.receivedAt = new Float64Array(records);
  }

  reset(): this {
    this.used = 0;
    this.count = 0;
    return this;
  }

  start(index: number): number {
    return index === 0 ? 0 : this.ends[index - 1]!;
  }

  idAt(index: number): string {
    const start = this.start(index);
    return this.bytes.toString('latin1', start, this.bytes.indexOf(SEPARATOR_BYTE, start));
  }

  /** Appends a record if there is room for it; false when there is not. */
  append(text: string, receivedAt: number): boolean {
    if (this.count === this.ends.length || Buffer.byteLength(text) > this.bytes.length - this.used) return false;
    this.used += this.bytes.write(text, this.used);
    this.ends[this.count] = this.used;
    this.receivedAt[this.count] = receivedAt;
    this.count += 1;
    return true;
  }

  /** The record as an event, or undefined when it belongs to another workspace than `workspaceId`. */
  decode(index: number, workspaceId: string): { workspaceId: string; event: StoredEvent } | undefined {
    const text = this.bytes.toString('utf8', this.start(index), this.ends[index]!);
    const first = text.indexOf(SEPARATOR);
    const second = text.indexOf(SEPARATOR, first + 1);
    if (text.slice(first + 1, second) !== workspaceId) return undefined;
    const event = JSON.parse(text.slice(second + 1)) as StoredEvent;
    event.id = text.slice(0, first);
    event.receivedAt = this.receivedAt[index]!;
    return { workspaceId, event };
  }
}

/**
 * The most recent events as UTF-8 text outside the JavaScript heap, for `Last-Event-ID` resumption. Keeping
 * them as objects made every event survive young-generation collections (and be copied by each of them) for
 * as long as it stayed in the buffer. One large buffer (4-16 MiB) measurably did the same to unrelated
 * request objects under load; fixed segments of 256 KiB did not.
 *
 * Records are appended to the newest segment; the oldest segment is dropped once the others hold at least
 * `capacity` records, or when the segments would take more than `maxBytes`. So at least `capacity` of the
 * latest events are kept (fewer when they are large), in append order.
 */
export class ReplayLog {
  readonly #segments: Segment[] = [];
  /** Dropped segments kept for reuse. */
  readonly #spare: Segment[] = [];
  readonly #segmentBytes: number;
  readonly #segmentRecords: number;
  readonly #maxSegments: number;
  #size = 0;

  constructor(
    private readonly capacity: number,
    maxBytes = 16 * 1024 * 1024,
  ) {
    this.#segmentBytes = Math.min(SEGMENT_BYTES, maxBytes);
    this.#segmentRecords = Math.max(1, Math.min(SEGMENT_RECORDS, capacity));
    this.#maxSegments = Math.max(1, Math.floor(maxBytes / this.#segmentBytes));
  }

  get size(): number {
    return this.#size;
  }

  append(record: ReplayRecord): void {
    const text = `${record.id}${SEPARATOR}${record.workspaceId}${SEPARATOR}${record.json}`;
    const newest = this.#segments[this.#segments.length - 1];
    if (!newest?.append(text, record.receivedAt)) {
      const segment = this.#spare.pop()?.reset() ?? new Segment(this.#segmentBytes, this.#segmentRecords);
      this.#segments.push(segment);
      if (!segment.append(text, record.receivedAt)) {
        // A record larger than a segment is not kept, and neither is anything before it: a resume from
        // before it then reads storage instead of skipping it.
        for (const dropped of this.#segments.splice(0)) this.#drop(dropped);
        this.#size = 0;
        return;
      }
    }
    this.#size += 1;
    while (this.#segments.length > 1 && (this.#size - this.#segments[0]!.count >= this.capacity || this.#segments.length > this.#maxSegments)) {
      const dropped = this.#segments.shift()!;
      this.#size -= dropped.count;
      this.#drop(dropped);
    }
  }

  #drop(segment: Segment): void {
    if (this.#spare.length < 2) this.#spare.push(segment);
  }

  /** The id of the oldest record kept, or undefined when the log is empty. */
  oldestId(): string | undefined {
    const oldest = this.#segments[0];
    return oldest && oldest.count > 0 ? oldest.idAt(0) : undefined;
  }

  /** The workspace's records whose id sorts after `lastId`, oldest first, decoded into events. */
  *after(workspaceId: string, lastId: string): Generator<{ workspaceId: string; event: StoredEvent }> {
    for (const segment of [...this.#segments]) {
      if (segment.count === 0 || segment.idAt(segment.count - 1) <= lastId) continue;
      // Ids sort in append order: binary search for the first one after lastId.
      const first = partitionPoint(segment.count, (index) => segment.idAt(index) <= lastId);
      for (let index = first; index < segment.count; index += 1) {
        const item = segment.decode(index, workspaceId);
        if (item) yield item;
      }
    }
  }
}
