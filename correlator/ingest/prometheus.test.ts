import { describe, expect, it } from 'vitest';
import { MINUTE, T0 } from '../../test/support/records.js';
import { VigilError } from '../errors/vigil-error.js';
import { severityFromLabel } from './common.js';
import { DEFAULT_RESOLVE_TIMEOUT_MS, labelSetKey, prometheusToEvents } from './prometheus.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('prometheusToEvents', () => {
  it('maps a firing alert: instance as resource, alertname as check, expiry at endsAt', () => {
    const [event] = prometheusToEvents(
      [
        {
          labels: { alertname: 'HighLoad', instance: 'web-1:9100', job: 'node', severity: 'critical' },
          annotations: { summary: 'load is 12', description: 'long text' },
          startsAt: iso(T0 - MINUTE),
          endsAt: iso(T0 + 4 * MINUTE),
          generatorURL: 'http://prometheus/graph',
        },
      ],
      T0,
    );
    expect(event).toEqual({
      source: 'prometheus',
      resource: 'web-1:9100',
      check: 'HighLoad',
      severity: 'critical',
      status: 'firing',
      summary: 'load is 12',
      labels: { alertname: 'HighLoad', instance: 'web-1:9100', job: 'node', severity: 'critical' },
      dedupKey: labelSetKey({
        alertname: 'HighLoad',
        instance: 'web-1:9100',
        job: 'node',
        severity: 'critical',
      }),
      expiresAt: T0 + 4 * MINUTE,
    });
  });

  it('is resolved when endsAt is at or before now, and then has no expiry', () => {
    const [event] = prometheusToEvents([{ labels: { alertname: 'A' }, endsAt: iso(T0) }], T0);
    expect(event).toMatchObject({ status: 'resolved', resource: 'A' });
    expect(event).not.toHaveProperty('expiresAt');
  });

  it('falls back to job, then alertname, for the resource; description for the summary', () => {
    const events = prometheusToEvents(
      [
        { labels: { alertname: 'A', job: 'node' }, annotations: { description: 'd' } },
        { labels: { alertname: 'B' } },
      ],
      T0,
    );
    expect(events.map((e) => [e.resource, e.summary])).toEqual([
      ['node', 'd'],
      ['B', 'B firing on B'],
    ]);
  });

  it('expires an alert without endsAt (or with Go zero time) after the default resolve timeout', () => {
    const events = prometheusToEvents(
      [{ labels: { alertname: 'A' } }, { labels: { alertname: 'B' }, endsAt: '0001-01-01T00:00:00Z' }],
      T0,
    );
    expect(events.map((e) => [e.status, e.expiresAt])).toEqual([
      ['firing', T0 + DEFAULT_RESOLVE_TIMEOUT_MS],
      ['firing', T0 + DEFAULT_RESOLVE_TIMEOUT_MS],
    ]);
  });

  it('keys identity on the whole label set, independent of order', () => {
    expect(labelSetKey({ a: '1', b: '2' })).toBe(labelSetKey({ b: '2', a: '1' }));
    // Pinned: stored alerts are found by it, so it must never change (labels in and out of order).
    const pinned = 'prom:c8a05f4b6a1581fd92b8ea6963886257';
    expect(labelSetKey({ alertname: 'HighLatency', instance: 'db-1:9100', job: 'node' })).toBe(pinned);
    expect(labelSetKey({ job: 'node', instance: 'db-1:9100', alertname: 'HighLatency' })).toBe(pinned);
    expect(labelSetKey({ B: '1', a: '2' })).toBe('prom:0f2b4b4915616fccad51d950a587c025');
    expect(labelSetKey({ a: '1', b: '2' })).not.toBe(labelSetKey({ a: '1', b: '3' }));
    expect(labelSetKey({ a: '1' })).toMatch(/^prom:[0-9a-f]{32}$/);
    // Separators cannot be forged by moving text between name and value.
    expect(labelSetKey({ ab: 'c' })).not.toBe(labelSetKey({ a: 'bc' }));
  });

  it('refuses an alert without alertname with VIGIL_ERR_VALIDATION naming its index', () => {
    const run = () => prometheusToEvents([{ labels: { alertname: 'A' } }, { labels: { job: 'x' } }], T0);
    expect(run).toThrow(VigilError);
    expect(run).toThrow(/\/1\/labels must contain "alertname"/);
    expect(() => prometheusToEvents([{ labels: { alertname: '' } }], T0)).toThrow(/alertname/);
  });

  it('cuts an over-long alertname and instance to the native limits', () => {
    const [event] = prometheusToEvents(
      [{ labels: { alertname: 'a'.repeat(1000), instance: 'i'.repeat(1000) } }],
      T0,
    );
    expect(event!.check).toHaveLength(256);
    expect(event!.resource).toHaveLength(256);
  });

  it('keeps prototype-looking label names as plain labels', () => {
    const labels = JSON.parse('{"alertname":"A","constructor":"x","toString":"y","__proto__":"z"}');
    const [event] = prometheusToEvents([{ labels }], T0);
    expect(Object.getPrototypeOf(event!.labels)).toBe(Object.prototype);
    expect(event!.labels).toEqual(labels);
    expect(Object.keys(event!.labels!)).toContain('__proto__');
  });
});

describe('severityFromLabel', () => {
  it.each<[string | undefined, string]>([
    ['critical', 'critical'],
    ['page', 'critical'],
    ['major', 'major'],
    ['error', 'major'],
    ['ERROR', 'major'],
    ['minor', 'minor'],
    ['warning', 'warning'],
    ['info', 'info'],
    ['none', 'warning'],
    ['constructor', 'warning'],
    [undefined, 'warning'],
  ])('%s -> %s', (label, severity) => {
    expect(severityFromLabel(label)).toBe(severity);
  });
});
