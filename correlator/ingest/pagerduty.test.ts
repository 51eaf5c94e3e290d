import { describe, expect, it } from 'vitest';
import { makeAlert } from '../../test/support/records.js';
import { MAX_DETAIL_LABELS, pagerDutyResolveEvent, pagerDutyToCommand } from './pagerduty.js';
import type { PagerDutyEvent } from './schemas.js';

const newKey = () => 'generated-key';
const trigger = (overrides: Partial<PagerDutyEvent> = {}): PagerDutyEvent => ({
  routing_key: 'R0123456789',
  event_action: 'trigger',
  dedup_key: 'db-1/replication',
  payload: {
    summary: 'Replication lag 300 s on db-1',
    source: 'db-1',
    severity: 'error',
    component: 'postgres',
    group: 'prod-db',
    class: 'replication.lag',
    custom_details: { lag_seconds: 300, primary: 'db-0', nested: { a: 1 }, ok: true },
  },
  ...overrides,
});

describe('pagerDutyToCommand', () => {
  it('turns a trigger into a firing event keyed pd:<dedup_key>', () => {
    expect(pagerDutyToCommand(trigger(), newKey)).toEqual({
      action: 'trigger',
      dedupKey: 'db-1/replication',
      event: {
        source: 'pagerduty',
        resource: 'db-1',
        check: 'replication.lag',
        severity: 'major',
        status: 'firing',
        summary: 'Replication lag 300 s on db-1',
        labels: {
          component: 'postgres',
          group: 'prod-db',
          class: 'replication.lag',
          'details.lag_seconds': '300',
          'details.ok': 'true',
          'details.primary': 'db-0',
        },
        dedupKey: 'pd:db-1/replication',
      },
    });
  });

  it('generates a dedup key for a trigger without one', () => {
    const command = pagerDutyToCommand(trigger({ dedup_key: undefined }), newKey);
    expect(command.dedupKey).toBe('generated-key');
    expect(command.action === 'trigger' && command.event.dedupKey).toBe('pd:generated-key');
  });

  it.each([
    ['critical', 'critical'],
    ['error', 'major'],
    ['warning', 'warning'],
    ['info', 'info'],
  ] as const)('maps severity %s to %s', (severity, expected) => {
    const command = pagerDutyToCommand(trigger({ payload: { summary: 's', source: 'x', severity } }), newKey);
    expect(command.action === 'trigger' && command.event).toMatchObject({
      severity: expected,
      check: 'pagerduty.event',
      labels: {},
    });
  });

  it('bounds the labels taken from custom_details', () => {
    const custom_details = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`k${i}`, 'v'.repeat(5000)]),
    );
    const command = pagerDutyToCommand(
      trigger({ payload: { ...trigger().payload!, custom_details } }),
      newKey,
    );
    const labels = command.action === 'trigger' ? command.event.labels! : {};
    expect(Object.keys(labels)).toHaveLength(3 + MAX_DETAIL_LABELS);
    expect(Math.max(...Object.values(labels).map((v) => v.length))).toBe(1024);
  });

  it('passes resolve and acknowledge through by key, and refuses them without one', () => {
    expect(pagerDutyToCommand({ routing_key: 'r', event_action: 'resolve', dedup_key: 'k' }, newKey)).toEqual(
      {
        action: 'resolve',
        dedupKey: 'k',
      },
    );
    expect(() => pagerDutyToCommand({ routing_key: 'r', event_action: 'acknowledge' }, newKey)).toThrow(
      /dedup_key is required/,
    );
  });

  it('refuses a trigger without payload', () => {
    expect(() => pagerDutyToCommand({ routing_key: 'r', event_action: 'trigger' }, newKey)).toThrow(
      /payload is required/,
    );
  });
});

describe('pagerDutyResolveEvent', () => {
  it('resolves the stored alert under the same key', () => {
    const alert = makeAlert({ source: 'pagerduty', resource: 'db-1', check: 'replication.lag' });
    expect(pagerDutyResolveEvent(alert, 'k')).toMatchObject({
      source: 'pagerduty',
      resource: 'db-1',
      check: 'replication.lag',
      status: 'resolved',
      dedupKey: 'pd:k',
    });
  });
});
