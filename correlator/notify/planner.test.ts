import { describe, expect, it } from 'vitest';
import { makeIncident, T0 } from '../../test/support/records.js';
import type { TimelineEntry } from '../model/records.js';
import { NOTIFY_TRANSITIONS } from '../store/outbox-store.js';
import { NotificationPlanner } from './planner.js';
import { compileNotify, type NotifyConfig, type NotifyRouteConfig } from './setup.js';

const receiver = (name: string, kind: 'webhook' | 'pagerduty' = 'webhook') => ({
  name,
  kind,
  url: 'http://127.3.0.1:9/hook',
  headers: {},
  ...(kind === 'pagerduty' ? { routingKey: 'key' } : {}),
  dedupKey: 'vigil-{{ incident.id }}',
  summary: '{{ incident.title }}',
  source: '{{ incident.resource }}',
  timeoutMs: 1000,
});

const route = (
  name: string,
  receivers: string[],
  matchers: string[] = [],
  transitions = [...NOTIFY_TRANSITIONS],
): NotifyRouteConfig => ({
  name,
  matchers,
  receivers,
  transitions,
});

function planner(routes: NotifyRouteConfig[]) {
  const config: NotifyConfig = {
    receivers: [receiver('chat'), receiver('pager', 'pagerduty'), receiver('network')],
    routes,
    delivery: { initialBackoffMs: 1000, maxBackoffMs: 60_000, maxAgeMs: 3_600_000, concurrency: 1 },
    retentionMs: 30 * 86_400_000,
  };
  return new NotificationPlanner(compileNotify(config));
}

const entry = (action: string, detail = ''): TimelineEntry => ({
  at: T0,
  actor: 'vigil',
  action,
  fromStatus: 'new',
  toStatus: 'new',
  detail,
});

const labels = async () => ({ service: 'checkout', team: 'payments' });

describe('notification routing', () => {
  it('routes on priority, category, assignment group and the labels of the opening alert', async () => {
    const p = planner([
      route('urgent', ['pager'], ['priority=~"P1|P2"']),
      route('network', ['network'], ['category="network"', 'assignmentGroup="network-admins"']),
      route('payments', ['chat'], ['team="payments"']),
    ]);
    const quiet = makeIncident({ priority: 'P4' });
    const hot = makeIncident({
      id: 'INC-000002',
      priority: 'P1',
      category: 'network',
      assignmentGroup: 'network-admins',
    });
    const out = await p.plan(
      [
        { incident: quiet, entries: [entry('created')] },
        { incident: hot, entries: [entry('created')] },
      ],
      T0,
      labels,
    );
    expect(out.map((n) => [n.incidentId, n.receiver, n.rule])).toEqual([
      ['INC-000001', 'chat', 'payments'],
      ['INC-000002', 'pager', 'urgent'],
      ['INC-000002', 'network', 'network'],
      ['INC-000002', 'chat', 'payments'],
    ]);
  });

  it('notifies a receiver once per transition: the first route naming it is the rule', async () => {
    const p = planner([route('first', ['chat']), route('second', ['chat', 'pager'])]);
    const out = await p.plan([{ incident: makeIncident(), entries: [entry('created')] }], T0, labels);
    expect(out.map((n) => [n.receiver, n.rule])).toEqual([
      ['chat', 'first'],
      ['pager', 'second'],
    ]);
  });

  it('maps timeline actions to transitions, filters by the route, and stays quiet for the rest', async () => {
    const p = planner([route('ends', ['chat'], [], ['resolved'])]);
    const actions = [
      'created',
      'classified',
      'alert_attached',
      'acknowledge',
      'escalated',
      'annotated',
      'resolve',
      'resolved',
      'reopened',
    ];
    const out = await p.plan(
      [{ incident: makeIncident({ version: 4 }), entries: actions.map((a) => entry(a)) }],
      T0,
      labels,
    );
    expect(out.map((n) => n.id)).toEqual(['INC-000001:resolved:v5:chat', 'INC-000001:resolved:v5.2:chat']);
    const all = await planner([route('all', ['chat'])]).plan(
      [{ incident: makeIncident({ version: 4, acknowledgedAt: T0 }), entries: actions.map((a) => entry(a)) }],
      T0,
      labels,
    );
    expect(all.map((n) => n.transition)).toEqual([
      'opened',
      'acknowledged',
      'escalated',
      'resolved',
      'resolved',
      'opened',
    ]);
  });

  it('gives the same ids for the same commit, so a retried commit cannot queue twice', async () => {
    const p = planner([route('all', ['chat', 'pager'])]);
    const change = {
      incident: makeIncident({ version: 2 }),
      entries: [entry('escalated'), entry('escalated')],
    };
    const a = await p.plan([change], T0, labels);
    const b = await p.plan([change], T0 + 1000, labels);
    expect(a.map((n) => n.id)).toEqual(b.map((n) => n.id));
    expect(new Set(a.map((n) => n.id)).size).toBe(4);
  });

  it('matches the transition itself and sends PagerDuty acknowledge and resolve without a payload', async () => {
    const p = planner([route('pd', ['pager'], ['transition!="escalated"'])]);
    const out = await p.plan(
      [
        {
          incident: makeIncident({ priority: 'P2', acknowledgedAt: T0 }),
          entries: [entry('created'), entry('escalated'), entry('acknowledge'), entry('resolved')],
        },
      ],
      T0,
      labels,
    );
    expect(out.map((n) => n.body)).toEqual([
      expect.objectContaining({
        event_action: 'trigger',
        dedup_key: 'vigil-INC-000001',
        payload: expect.objectContaining({ severity: 'error', group: 'system-admins', class: 'capacity' }),
      }),
      { event_action: 'acknowledge', dedup_key: 'vigil-INC-000001' },
      { event_action: 'resolve', dedup_key: 'vigil-INC-000001' },
    ]);
    expect(JSON.stringify(out)).not.toContain('routing_key');
  });

  it('notifies the first acknowledgement only: acknowledging an acknowledged incident again is quiet', async () => {
    const p = planner([route('all', ['chat'])]);
    const acknowledged = makeIncident({ priority: 'P2', status: 'in_progress', acknowledgedAt: T0 - 60_000 });
    const again = await p.plan([{ incident: acknowledged, entries: [entry('acknowledge')] }], T0, labels);
    expect(again).toEqual([]);
    const first = await p.plan(
      [{ incident: { ...acknowledged, acknowledgedAt: T0 }, entries: [entry('acknowledge')] }],
      T0,
      labels,
    );
    expect(first.map((n) => n.transition)).toEqual(['acknowledged']);
  });
});
