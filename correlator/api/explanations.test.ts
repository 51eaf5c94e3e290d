import { describe, expect, it } from 'vitest';
import { combineRuleFiles } from '../../rules/load.js';
import { parseRuleText } from '../../rules/parse-rule-text.js';
import { bearer, event, testCorrelator } from '../../test/support/correlator-fixture.js';

const RULES = `correlation:
  - { kind: classification, name: checkout-team, matchers: ['service="checkout"'], assignmentGroup: checkout }
  - { kind: grouping, name: checkout-links, groupBy: [service], window: 10m, mode: link }
`;

describe('explanations in the API', () => {
  it('shows why each alert was classified and linked, the links in incident detail, and counts the decisions', async () => {
    const c = await testCorrelator({ rules: combineRuleFiles([parseRuleText(RULES, 'r.yaml')]).correlation });
    const post = (resource: string) =>
      c.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: bearer('agent'),
        payload: { events: [event({ resource, labels: { service: 'checkout' } })] },
      });
    expect((await post('web-1')).statusCode).toBe(202);
    expect((await post('web-2')).statusCode).toBe(202);

    const alerts = (
      await c.app.inject({ method: 'GET', url: '/api/v1/alerts', headers: bearer('viewer') })
    ).json();
    const second = alerts.items.find((a: { resource: string }) => a.resource === 'web-2');
    expect(second.reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ by: 'rule:checkout-team', reason: 'classified_assignment' }),
        expect.objectContaining({
          by: 'rule:checkout-links',
          reason: 'linked',
          detail: 'INC-000002 linked to INC-000001 (service=checkout within 10m)',
        }),
      ]),
    );

    const detail = (
      await c.app.inject({
        method: 'GET',
        url: `/api/v1/incidents/${second.incidentId}`,
        headers: bearer('viewer'),
      })
    ).json();
    expect(detail.relatedIncidentIds).toEqual(['INC-000001']);
    expect(detail.assignmentGroup).toBe('checkout');
    expect(detail.alerts[0].reasons.map((r: { reason: string }) => r.reason)).toContain('linked');
    expect(detail.timeline.map((e: { action: string }) => e.action)).toContain('linked');

    const metrics = (await c.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(
      'vigil_correlation_decisions_total{stage="grouping",reason="linked",rule="checkout-links"} 1',
    );
    expect(metrics).toContain(
      'vigil_correlation_decisions_total{stage="classification",reason="classified_assignment",rule="checkout-team"} 2',
    );
  });
});

describe('escalation explanations', () => {
  it('shows on each alert of an escalated incident which target was breached, when and why', async () => {
    const c = await testCorrelator();
    const post = (resource: string) =>
      c.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: bearer('agent'),
        payload: { events: [event({ resource, severity: 'critical' })] },
      });
    expect((await post('db-1')).statusCode).toBe(202);
    // P3 (critical, local): response target 2h. Not acknowledged by then: escalates on the tick.
    c.clock.advance(2 * 3_600_000 + 1);
    await c.pipeline.tick();
    const alerts = (
      await c.app.inject({ method: 'GET', url: '/api/v1/alerts', headers: bearer('viewer') })
    ).json();
    const escalated = alerts.items[0].reasons.find((r: { reason: string }) => r.reason === 'escalated');
    expect(escalated).toEqual({
      at: new Date(c.clock.now()).toISOString(),
      by: 'escalation:response',
      reason: 'escalated',
      detail:
        'response target breached: P3 not acknowledged within 2h; escalated to level 1, stays with system-admins',
    });
    // Newest last, after the alert's own reasons.
    expect(alerts.items[0].reasons.at(-1)).toEqual(escalated);
    const detail = (
      await c.app.inject({ method: 'GET', url: '/api/v1/incidents/INC-000001', headers: bearer('viewer') })
    ).json();
    expect(detail.alerts[0].reasons).toContainEqual(escalated);
  });
});
