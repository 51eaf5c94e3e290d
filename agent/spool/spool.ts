import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { decodeRecord, encodeRecord } from './record-format.js';

/** Options of the spool (config `agent.spool`). */
export interface SpoolOptions {
  dir: string;
  /** Disk the segments may use; past it the oldest segments are dropped. */
  maxBytes: number;
  /** Size at which a segment is closed; at most a quarter of maxBytes is used. */
  segmentBytes: number;
  /** `always`: fsync each append before it returns; `never`: the OS writes back. */
  fsync: 'always' | 'never';
  /** Reports a damaged segment tail found at open (set aside as `<file>.corrupt`). */
  onCorrupt?: (info: { file: string; offset: number; reason: string; bytes: number }) => void;
}

/** A record handed to the reader: its payload and how many items it carries (for accounting). */
export interface SpooledRecord {
  payload: Buffer;
  items: number;
}

interface Segment {
  seq: number;
  file: string;
  bytes: number;
  /** Item count of each record in order (events in a batch), for drop accounting. */
  items: number[];
}

const NAME = /^seg-(\d{16})\.log$/;
const segmentName = (seq: number) => `seg-${String(seq).padStart(16, '0')}.log`;

/**
 * The agent's bounded on-disk spool: append-only segment files of checksummed records, read in
 * order from the oldest. `peek` returns records without consuming them and `ack` consumes them
 * once delivered, so a crash between the two replays them (the correlator drops the repeats by
 * event id). When the spool passes `maxBytes` the OLDEST segment is dropped whole and its
 * records counted as dropped. The read position is kept in `cursor.json` (written on ack, not
 * fsynced: a stale cursor only replays delivered records, which are idempotent).
 */
export class Spool {
  readonly #o: SpoolOptions;
  readonly #segmentBytes: number;
  #segments: Segment[] = [];
  /** Read position: record index within the oldest segment and its byte offset. */
  #cursor = { seq: 0, offset: 0, record: 0 };
  #fd: number | null = null;
  #droppedItems = 0;
  #droppedRecords = 0;
  #corrupt = 0;

  constructor(options: SpoolOptions) {
    this.#o = options;
    this.#segmentBytes = Math.max(4096, Math.min(options.segmentBytes, Math.floor(options.maxBytes / 4)));
    mkdirSync(options.dir, { recursive: true });
    this.#recover();
  }

  /** Items (events) dropped because the spool was full, since this spool was opened. */
  get droppedItems(): number {
    return this.#droppedItems;
  }

  /** Records dropped because the spool was full. */
  get droppedRecords(): number {
    return this.#droppedRecords;
  }

  /** Damaged segment tails found at open. */
  get corruptSegments(): number {
    return this.#corrupt;
  }

  /** Bytes on disk in segments. */
  get bytes(): number {
    return this.#segments.reduce((sum, s) => sum + s.bytes, 0);
  }

  /** Records not yet acknowledged. */
  get pending(): number {
    const total = this.#segments.reduce((sum, s) => sum + s.items.length, 0);
    return total - (this.#segments[0]?.seq === this.#cursor.seq ? this.#cursor.record : 0);
  }

  /** Items (events) not yet acknowledged. */
  get pendingItems(): number {
    let total = 0;
    for (const [i, s] of this.#segments.entries()) {
      const from = i === 0 && s.seq === this.#cursor.seq ? this.#cursor.record : 0;
      for (let r = from; r < s.items.length; r++) total += s.items[r]!;
    }
    return total;
  }

  /** Appends one record (durable on return with fsync `always`), then enforces the size limit. */
  append(payload: Buffer, items: number): void {
    const record = encodeRecord(payload);
    let current = this.#segments[this.#segments.length - 1];
    if (!current || (current.bytes > 0 && current.bytes + record.length > this.#segmentBytes)) {
      current = this.#startSegment();
    }
    const fd = this.#fd!;
    writeSync(fd, record);
    if (this.#o.fsync === 'always') fsyncSync(fd);
    current.bytes += record.length;
    current.items.push(items);
    this.#enforceLimit();
  }

  /** Up to `max` records from the oldest, without consuming them; `accept` may stop early. */
  peek(
    max: number,
    accept: (record: SpooledRecord, taken: SpooledRecord[]) => boolean = () => true,
  ): SpooledRecord[] {
    const out: SpooledRecord[] = [];
    let offset = this.#cursor.offset;
    let index = this.#cursor.record;
    for (const segment of this.#segments) {
      if (segment.seq !== this.#cursor.seq) {
        offset = 0;
        index = 0;
      }
      if (index >= segment.items.length) continue;
      const bytes = readFileSync(join(this.#o.dir, segment.file));
      while (index < segment.items.length && out.length < max) {
        const decoded = decodeRecord(bytes, offset);
        if (decoded.kind !== 'record') return out;
        const record = { payload: Buffer.from(decoded.payload), items: segment.items[index]! };
        if (!accept(record, out)) return out;
        out.push(record);
        offset = decoded.next;
        index++;
      }
      if (out.length >= max) return out;
    }
    return out;
  }

  /** Consumes the `count` oldest records (they were delivered); fully read segments are deleted. */
  ack(count: number): void {
    let left = count;
    while (left > 0 && this.#segments.length > 0) {
      const head = this.#segments[0]!;
      if (head.seq !== this.#cursor.seq) this.#cursor = { seq: head.seq, offset: 0, record: 0 };
      const bytes = readFileSync(join(this.#o.dir, head.file));
      while (left > 0 && this.#cursor.record < head.items.length) {
        const decoded = decodeRecord(bytes, this.#cursor.offset);
        if (decoded.kind !== 'record') throw new Error(`spool segment ${head.file} changed under the reader`);
        this.#cursor.offset = decoded.next;
        this.#cursor.record++;
        left--;
      }
      const isWriting = head === this.#segments[this.#segments.length - 1];
      if (this.#cursor.record >= head.items.length && !isWriting) {
        rmSync(join(this.#o.dir, head.file), { force: true });
        this.#segments.shift();
        const next = this.#segments[0];
        this.#cursor = { seq: next?.seq ?? 0, offset: 0, record: 0 };
      } else if (left > 0) {
        break;
      }
    }
    this.#saveCursor();
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
    this.#saveCursor();
  }

  #startSegment(): Segment {
    if (this.#fd !== null) closeSync(this.#fd);
    const seq = (this.#segments[this.#segments.length - 1]?.seq ?? 0) + 1;
    const segment: Segment = { seq, file: segmentName(seq), bytes: 0, items: [] };
    this.#fd = openSync(join(this.#o.dir, segment.file), 'a');
    if (this.#o.fsync === 'always') this.#fsyncDir();
    this.#segments.push(segment);
    if (this.#segments.length === 1) this.#cursor = { seq, offset: 0, record: 0 };
    return segment;
  }

  /** Drops whole oldest segments while over the limit, never the one being written. */
  #enforceLimit(): void {
    while (this.bytes > this.#o.maxBytes && this.#segments.length > 1) {
      const head = this.#segments.shift()!;
      const from = head.seq === this.#cursor.seq ? this.#cursor.record : 0;
      for (let r = from; r < head.items.length; r++) {
        this.#droppedItems += head.items[r]!;
        this.#droppedRecords++;
      }
      rmSync(join(this.#o.dir, head.file), { force: true });
      this.#cursor = { seq: this.#segments[0]!.seq, offset: 0, record: 0 };
      this.#saveCursor();
    }
  }

  #fsyncDir(): void {
    const fd = openSync(this.#o.dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  #saveCursor(): void {
    const tmp = join(this.#o.dir, 'cursor.json.tmp');
    writeFileSync(tmp, JSON.stringify(this.#cursor));
    renameSync(tmp, join(this.#o.dir, 'cursor.json'));
  }

  /** Rebuilds the segment index from disk, setting a damaged tail aside, and restores the cursor. */
  #recover(): void {
    const files = readdirSync(this.#o.dir)
      .filter((name) => NAME.test(name))
      .sort();
    for (const file of files) {
      const seq = Number(NAME.exec(file)![1]);
      const path = join(this.#o.dir, file);
      const bytes = readFileSync(path);
      const items: number[] = [];
      let offset = 0;
      for (;;) {
        const decoded = decodeRecord(bytes, offset);
        if (decoded.kind === 'end') break;
        if (decoded.kind === 'damaged') {
          writeFileSync(`${path}.corrupt`, bytes.subarray(offset));
          truncateSync(path, offset);
          this.#corrupt++;
          this.#o.onCorrupt?.({ file: path, offset, reason: decoded.reason, bytes: bytes.length - offset });
          break;
        }
        items.push(itemCount(decoded.payload));
        offset = decoded.next;
      }
      this.#segments.push({ seq, file, bytes: offset, items });
    }
    this.#cursor = { seq: this.#segments[0]?.seq ?? 0, offset: 0, record: 0 };
    this.#restoreCursor();
    const last = this.#segments[this.#segments.length - 1];
    if (last) this.#fd = openSync(join(this.#o.dir, last.file), 'a');
  }

  #restoreCursor(): void {
    let saved: unknown;
    try {
      saved = JSON.parse(readFileSync(join(this.#o.dir, 'cursor.json'), 'utf8'));
    } catch {
      return;
    }
    const head = this.#segments[0];
    if (!head || typeof saved !== 'object' || saved === null) return;
    const { seq, record } = saved as { seq?: unknown; record?: unknown };
    if (seq !== head.seq || typeof record !== 'number' || !Number.isInteger(record) || record < 0) return;
    // Walk to the saved record instead of trusting a byte offset from the file.
    const bytes = readFileSync(join(this.#o.dir, head.file));
    let offset = 0;
    let index = 0;
    while (index < Math.min(record, head.items.length)) {
      const decoded = decodeRecord(bytes, offset);
      if (decoded.kind !== 'record') break;
      offset = decoded.next;
      index++;
    }
    this.#cursor = { seq: head.seq, offset, record: index };
  }
}

/** Item count stored in a payload (`{"n":3,...}` first), 1 when absent. */
function itemCount(payload: Buffer): number {
  const match = /^\{"n":(\d{1,9}),/.exec(payload.subarray(0, 24).toString('latin1'));
  return match ? Number(match[1]) : 1;
}
