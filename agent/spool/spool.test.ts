import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HEADER_BYTES } from './record-format.js';
import { Spool, type SpoolOptions } from './spool.js';

/** A payload in the agent's record shape, carrying `n` items and a marker. */
const rec = (marker: number, n = 1, pad = 0) =>
  Buffer.from(`{"n":${n},"m":${marker},"p":"${'x'.repeat(pad)}"}`);
const markers = (records: Array<{ payload: Buffer }>) =>
  records.map((r) => (JSON.parse(r.payload.toString()) as { m: number }).m);

describe('Spool', () => {
  let dir: string;
  let corrupt: Array<{ file: string; offset: number; reason: string }>;
  const open = (overrides: Partial<SpoolOptions> = {}) =>
    new Spool({
      dir,
      maxBytes: 1 << 20,
      segmentBytes: 4096,
      fsync: 'always',
      onCorrupt: (info) => corrupt.push(info),
      ...overrides,
    });
  const segments = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .sort();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-spool-'));
    corrupt = [];
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns records oldest first across segments, and peek does not consume', () => {
    const spool = open();
    for (let i = 0; i < 100; i++) spool.append(rec(i, 1, 100), 1);
    expect(segments().length).toBeGreaterThan(2);
    expect(markers(spool.peek(5))).toEqual([0, 1, 2, 3, 4]);
    expect(markers(spool.peek(5))).toEqual([0, 1, 2, 3, 4]);
    const all = spool.peek(1000);
    expect(markers(all)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(spool.pending).toBe(100);
  });

  it('consumes acknowledged records, deletes read segments, and keeps order with appends in between', () => {
    const spool = open();
    for (let i = 0; i < 60; i++) spool.append(rec(i, 2, 100), 2);
    const before = segments().length;
    spool.ack(45);
    expect(segments().length).toBeLessThan(before);
    for (let i = 60; i < 70; i++) spool.append(rec(i, 2, 100), 2);
    expect(markers(spool.peek(1000))).toEqual(Array.from({ length: 25 }, (_, i) => 45 + i));
    expect(spool.pending).toBe(25);
    expect(spool.pendingItems).toBe(50);
    spool.ack(25);
    expect(spool.peek(10)).toEqual([]);
    spool.append(rec(99), 1);
    expect(markers(spool.peek(10))).toEqual([99]);
  });

  it('peek stops where the caller says (event budget per request)', () => {
    const spool = open();
    for (let i = 0; i < 10; i++) spool.append(rec(i, 3), 3);
    const taken = spool.peek(100, (_, so) => so.reduce((sum, r) => sum + r.items, 0) + 3 <= 7);
    expect(markers(taken)).toEqual([0, 1]);
  });

  it('survives a restart: unacknowledged records come back in order, acknowledged ones do not', () => {
    const first = open();
    for (let i = 0; i < 50; i++) first.append(rec(i, 1, 100), 1);
    first.ack(20);
    first.close();
    const second = open();
    expect(markers(second.peek(1000))).toEqual(Array.from({ length: 30 }, (_, i) => 20 + i));
    second.append(rec(50), 1);
    expect(markers(second.peek(1000)).at(-1)).toBe(50);
  });

  it('stays under maxBytes by dropping the oldest segments, and counts what it dropped', () => {
    const spool = open({ maxBytes: 64 * 1024, segmentBytes: 8 * 1024 });
    const recordBytes = rec(0, 5, 500).length + HEADER_BYTES;
    const total = 400;
    for (let i = 0; i < total; i++) {
      spool.append(rec(i, 5, 500), 5);
      expect(spool.bytes).toBeLessThanOrEqual(64 * 1024);
    }
    const left = markers(spool.peek(10_000));
    expect(left.at(-1)).toBe(total - 1);
    // What is left is the newest records, contiguous: only the oldest were dropped.
    expect(left).toEqual(Array.from({ length: left.length }, (_, i) => total - left.length + i));
    expect(spool.droppedRecords).toBe(total - left.length);
    expect(spool.droppedItems).toBe(5 * (total - left.length));
    expect(left.length * recordBytes).toBeGreaterThan(32 * 1024);
    const onDisk = segments().reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    expect(onDisk).toBe(spool.bytes);
  });

  it('counts only unread records of a dropped segment as dropped', () => {
    const spool = open({ maxBytes: 64 * 1024, segmentBytes: 16 * 1024 });
    for (let i = 0; i < 20; i++) spool.append(rec(i, 1, 700), 1);
    spool.ack(10);
    for (let i = 20; i < 200; i++) spool.append(rec(i, 1, 700), 1);
    const left = markers(spool.peek(10_000));
    expect(spool.droppedRecords + left.length).toBe(190);
  });

  it('sets a torn record at the tail aside after a crash and replays every intact record', () => {
    const first = open();
    for (let i = 0; i < 5; i++) first.append(rec(i), 1);
    first.close();
    const [file] = segments();
    const path = join(dir, file!);
    const size = statSync(path).size;
    truncateSync(path, size - 3);
    const second = open();
    expect(markers(second.peek(100))).toEqual([0, 1, 2, 3]);
    expect(corrupt).toMatchObject([{ reason: 'torn payload' }]);
    expect(readdirSync(dir)).toContain(`${file}.corrupt`);
    expect(second.corruptSegments).toBe(1);
    second.append(rec(9), 1);
    second.close();
    expect(markers(open().peek(100))).toEqual([0, 1, 2, 3, 9]);
  });

  it('detects flipped bytes, garbage tails, impossible lengths and a torn header', () => {
    const cases: Array<[string, (path: string) => void, string]> = [
      [
        'flip',
        (p) => {
          const bytes = readFileSync(p);
          bytes[bytes.length - 2] = (bytes[bytes.length - 2] ?? 0) ^ 0xff;
          writeFileSync(p, bytes);
        },
        'checksum mismatch',
      ],
      ['garbage', (p) => appendFileSync(p, Buffer.from('\u0001\u0002\u0003')), 'torn header'],
      [
        'length',
        (p) => appendFileSync(p, Buffer.from([0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0, 1])),
        'impossible length 2147483647',
      ],
    ];
    for (const [name, damage, reason] of cases) {
      rmSync(dir, { recursive: true, force: true });
      corrupt = [];
      const spool = open();
      for (let i = 0; i < 3; i++) spool.append(rec(i), 1);
      spool.close();
      damage(join(dir, segments()[0]!));
      const reopened = open();
      const expected = name === 'flip' ? [0, 1] : [0, 1, 2];
      expect(markers(reopened.peek(100)), name).toEqual(expected);
      expect(
        corrupt.map((c) => c.reason),
        name,
      ).toEqual([reason]);
      reopened.close();
    }
  });

  it('ignores a damaged cursor file and foreign files in the directory', () => {
    const first = open();
    for (let i = 0; i < 3; i++) first.append(rec(i), 1);
    first.ack(1);
    first.close();
    writeFileSync(join(dir, 'cursor.json'), '{"seq":"x", garbage');
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    expect(markers(open().peek(100))).toEqual([0, 1, 2]);
  });
});
