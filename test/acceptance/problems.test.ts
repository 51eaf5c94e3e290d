import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../support/records.js';
import { closeScenarios, disk, diskOk, scenario } from '../support/scenario.js';

/**
 * Time-scripted problem scenarios: the same disk failure on web-1 returns again and again, each
 * time after the reopen window (1h), so each return opens a new incident. Defaults: three
 * incidents within 24h open a problem. Nothing sleeps.
 */
function problemScenario() {
  const s = scenario();
  return {
    ...s,
    /** The disk fills at `offset` and recovers ten minutes later. */
    async failure(offset: number): Promise<void> {
      s.at(offset);
      await s.push(disk());
      s.at(offset + 10 * MINUTE);
      await s.push(diskOk());
    },
    async problems() {
      return (await s.store.listProblems({ limit: 100 })).items;
    },
  };
}

afterEach(closeScenarios);

describe('acceptance: problems and known errors', () => {
  it('opens a problem at the third disk failure on web-1 within 24h, linking all three; a fourth links too', async () => {
    const s = problemScenario();
    await s.failure(0);
    await s.failure(8 * HOUR);
    expect(await s.problems()).toEqual([]);
    expect((await s.incidents()).map((i) => i.problemId)).toEqual([null, null]);

    await s.failure(16 * HOUR);
    const [problem] = await s.problems();
    expect(problem).toMatchObject({
      id: 'PRB-000001',
      state: 'open',
      resource: 'web-1',
      check: 'filesystem.used_percent',
      incidentIds: ['INC-000001', 'INC-000002', 'INC-000003'],
    });
    for (const incident of await s.incidents()) {
      expect(incident.problemId).toBe('PRB-000001');
      expect(await s.actions(incident.id)).toContain('problem_linked');
    }
    const alert = (await s.store.listAlerts({ limit: 10 })).items[0]!;
    expect(alert.reasons.map((r) => r.reason)).toContain('problem_opened');

    await s.failure(30 * HOUR);
    expect((await s.problems())[0]!.incidentIds).toEqual([
      'INC-000001',
      'INC-000002',
      'INC-000003',
      'INC-000004',
    ]);
    expect((await s.store.getIncident('INC-000004'))!.problemId).toBe('PRB-000001');
    expect(await s.actions('INC-000004')).toContain('problem_linked');
    expect(await s.problems()).toHaveLength(1);

    const metrics = await s.metrics();
    expect(metrics).toContain('vigil_problems_opened_total 1');
    expect(metrics).toContain('vigil_known_error_matches_total 0');
  });

  it('opens no problem when the failures are spread over more than 24h', async () => {
    const s = problemScenario();
    await s.failure(0);
    await s.failure(13 * HOUR);
    await s.failure(26 * HOUR);
    expect(await s.problems()).toEqual([]);
    expect((await s.incidents()).every((i) => i.problemId === null)).toBe(true);
    // A fourth within 24h of the second and third does open one, without the first.
    await s.failure(30 * HOUR);
    expect((await s.problems())[0]!.incidentIds).toEqual(['INC-000002', 'INC-000003', 'INC-000004']);
    expect((await s.store.getIncident('INC-000001'))!.problemId).toBeNull();
  });

  it('attaches the workaround of a known error to the next incident', async () => {
    const s = problemScenario();
    await s.failure(0);
    await s.failure(2 * HOUR);
    await s.failure(4 * HOUR);
    s.at(5 * HOUR);
    const updated = await s.pipeline.updateProblem('PRB-000001', {
      state: 'known_error',
      rootCause: 'application logs are never rotated',
      workaround: 'run logrotate -f /etc/logrotate.d/app',
    });
    expect(updated).toMatchObject({ state: 'known_error', version: 2 });

    await s.failure(6 * HOUR);
    const timeline = await s.store.getTimeline('INC-000004');
    expect(timeline.filter((e) => e.action === 'workaround_attached').map((e) => e.detail)).toEqual([
      'run logrotate -f /etc/logrotate.d/app',
    ]);
    const alert = (await s.store.listAlerts({ limit: 10 })).items[0]!;
    expect(alert.reasons.find((r) => r.reason === 'workaround_attached')?.detail).toBe(
      'PRB-000001: run logrotate -f /etc/logrotate.d/app',
    );
    // Earlier incidents keep their timelines: the workaround goes to new matches only.
    expect(await s.actions('INC-000003')).not.toContain('workaround_attached');
    expect(await s.metrics()).toContain('vigil_known_error_matches_total 1');
  });

  it('counts afresh once the problem is resolved', async () => {
    const s = problemScenario();
    await s.failure(0);
    await s.failure(2 * HOUR);
    await s.failure(4 * HOUR);
    await s.pipeline.updateProblem('PRB-000001', { state: 'resolved' });
    await s.failure(6 * HOUR);
    await s.failure(8 * HOUR);
    expect((await s.problems()).map((p) => p.id)).toEqual(['PRB-000001']);
    expect((await s.store.getIncident('INC-000005'))!.problemId).toBeNull();
    await s.failure(10 * HOUR);
    const [newest] = await s.problems();
    expect(newest).toMatchObject({
      id: 'PRB-000002',
      incidentIds: ['INC-000004', 'INC-000005', 'INC-000006'],
    });
  });

  it('links an incident reopened while a problem of its check and resource is open', async () => {
    const s = problemScenario();
    const data = { labels: { mount: '/data' }, summary: '/data is 97% full' };
    s.at(0);
    await s.push(disk(data));
    await s.failure(26 * HOUR);
    await s.failure(28 * HOUR);
    await s.failure(30 * HOUR);
    // The /data incident (created 30h ago, outside the window) is not part of the problem.
    expect((await s.problems())[0]!.incidentIds).toEqual(['INC-000002', 'INC-000003', 'INC-000004']);
    s.at(31 * HOUR);
    await s.push(diskOk(data));
    s.at(31 * HOUR + 30 * MINUTE);
    await s.push(disk(data));
    const reopened = (await s.store.getIncident('INC-000001'))!;
    expect(reopened).toMatchObject({ status: 'new', problemId: 'PRB-000001' });
    expect(await s.actions('INC-000001')).toEqual(expect.arrayContaining(['reopened', 'problem_linked']));
    expect((await s.problems())[0]!.incidentIds).toContain('INC-000001');
  });

  it('opens one problem for recurring incidents created in the same batch', async () => {
    const s = scenario({ policy: { problems: { recurrenceCount: 2, recurrenceWindowMs: 24 * HOUR } } });
    s.at(0);
    await s.push(disk({ labels: { mount: '/' } }), disk({ labels: { mount: '/var' } }));
    const problems = (await s.store.listProblems({ limit: 10 })).items;
    expect(problems.map((p) => p.incidentIds)).toEqual([['INC-000001', 'INC-000002']]);
    expect((await s.incidents()).map((i) => i.problemId)).toEqual(['PRB-000001', 'PRB-000001']);
    expect(await s.actions('INC-000002')).toEqual(['created', 'classified', 'problem_linked']);
  });
});
