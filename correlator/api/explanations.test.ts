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
