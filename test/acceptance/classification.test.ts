import { afterEach, describe, expect, it } from 'vitest';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { MINUTE } from '../support/records.js';
import { closeScenarios, disk, scenario } from '../support/scenario.js';

afterEach(closeScenarios);

const STORAGE = `correlation:
  - kind: classification
    name: storage-team
    matchers: ['check=~"filesystem\\\\..*"']
    assignmentGroup: storage
    impact: department
`;

const STORAGE_ONCALL = `correlation:
  - kind: classification
    name: storage-oncall
    matchers: ['check=~"filesystem\\\\..*"']
    assignmentGroup: storage-oncall
`;

const BROKEN = `correlation:
  - kind: classification
    name: storage-oncall
    matchers: ['check=~"filesystem\\\\..*"']
    assignmentGroup: storage-oncall
    urgency: asap
`;

/** The incident an alert of `resource` is attached to. */
async function incidentOf(s: ReturnType<typeof scenario>, resource: string) {
  const alert = (await s.store.listAlerts({ limit: 100 })).items.find((a) => a.resource === resource);
  return alert?.incidentId ? s.store.getIncident(alert.incidentId) : null;
}

describe('acceptance: classification rules', () => {
  it('classifies by the first rule that sets each field, explains it on the alert, and keeps the matrix for the priority', async () => {
    const s = scenario({
      rules: [
        `correlation:
  - { kind: classification, name: web-group, matchers: ['resource=~"web-.*"'], assignmentGroup: web-ops }
  - { kind: classification, name: web-all, matchers: ['resource=~"web-.*"'], assignmentGroup: ignored, category: software, urgency: medium }
  - { kind: classification, name: db-only, matchers: ['resource="db-1"'], impact: global }
`,
      ],
    });
    s.at(0);
    await s.push(disk());
    // group from web-group (first to set it), category and urgency from web-all; local impact x medium = P5.
    expect(await s.sole()).toMatchObject({
      assignmentGroup: 'web-ops',
      category: 'software',
      urgency: 'medium',
      impact: 'local',
      priority: 'P5',
    });
    const alert = (await s.store.listAlerts({ limit: 10 })).items[0]!;
    expect(alert.reasons.filter((r) => r.by.startsWith('rule:')).map((r) => `${r.by} ${r.reason}`)).toEqual([
      'rule:web-all classified_category',
      'rule:web-all classified_priority',
      'rule:web-group classified_assignment',
    ]);

    // A resource no rule selects gets the built-in classification.
    await s.push(disk({ resource: 'db-1' }));
    expect(await incidentOf(s, 'db-1')).toMatchObject({
      assignmentGroup: 'system-admins',
      category: 'capacity',
      impact: 'global',
      priority: 'P1',
    });
  });

  it('reloads mid-scenario: a bad reload keeps the old rules and is counted, a good one applies to new incidents only', async () => {
    const s = scenario({ rules: [STORAGE] });
    s.at(0);
    await s.push(disk({ resource: 'web-1' }));
    expect(await incidentOf(s, 'web-1')).toMatchObject({ assignmentGroup: 'storage', priority: 'P2' });

    // t=1m: a broken rule file is reloaded: refused with every problem located, old rules stay.
    s.at(1 * MINUTE);
    s.writeRules(BROKEN);
    const failure = await s.reload().then(
      () => null,
      (error: unknown) => error as VigilError,
    );
    expect(failure).toBeInstanceOf(VigilError);
    expect(failure!.code).toBe('VIGIL_ERR_RULES_RELOAD_FAILED');
    expect(failure!.message).toContain('rules/0.yaml:6:14: rule storage-oncall: "urgency" must be one of');
    expect(failure!.details).toEqual([
      expect.objectContaining({ file: 'rules/0.yaml', line: 6, rule: 'storage-oncall' }),
    ]);
    expect(s.rules.version).toBe(1);
    await s.push(disk({ resource: 'web-2' }));
    expect(await incidentOf(s, 'web-2')).toMatchObject({ assignmentGroup: 'storage', priority: 'P2' });

    // t=2m: the fixed file is reloaded: new incidents follow the new rules, old ones keep theirs.
    s.at(2 * MINUTE);
    s.writeRules(STORAGE_ONCALL);
    expect(await s.reload()).toMatchObject({ version: 2, rules: { classification: 1, grouping: 0 } });
    await s.push(disk({ resource: 'web-3' }));
    expect(await incidentOf(s, 'web-3')).toMatchObject({ assignmentGroup: 'storage-oncall', priority: 'P3' });
    expect(await incidentOf(s, 'web-1')).toMatchObject({ assignmentGroup: 'storage', priority: 'P2' });

    const metrics = await s.metrics();
    expect(metrics).toContain('vigil_rule_reloads_total{result="failure"} 1');
    expect(metrics).toContain('vigil_rule_reloads_total{result="success"} 1');
    expect(metrics).toContain('vigil_correlation_rules{kind="classification"} 1');
  });
});
