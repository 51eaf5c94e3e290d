import { afterEach, describe, expect, it } from 'vitest';
import { makeChange } from '../../test/change-store-conformance.js';
import { automationCorrelator } from '../../test/support/automation-fixture.js';
import { bearer, testCorrelator } from '../../test/support/correlator-fixture.js';
import type { SqliteStore } from '../store/sqlite/sqlite-store.js';

type Harness = Awaited<ReturnType<typeof automationCorrelator>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const approvalRule = `automation:
  - name: clean-disk
    match: ['check="filesystem.used_percent"']
    action: { script: record, args: ["{{ labels.mount }}"] }
    approval: true
`;

async function withPendingChange(): Promise<Harness> {
  h = await automationCorrelator({ rules: approvalRule });
  await h.fire();
  return h;
}

const inject = (
  method: 'GET' | 'POST',
  url: string,
  role: 'viewer' | 'operator' | 'admin' | 'agent' | null = 'operator',
  payload?: unknown,
) =>
  h!.c.app.inject({
    method,
    url,
    headers: role ? bearer(role) : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

describe('changes API', () => {
  it('lists changes with filters and cursor paging, and shows one', async () => {
    h = await automationCorrelator({
      rules: `automation:\n  - { name: r, match: ['check="filesystem.used_percent"'], action: { script: record, args: ["{{ resource }}"] }, dryRun: true }\n`,
    });
    for (const resource of ['web-1', 'web-2', 'web-3']) await h.fire({ resource });
    const first = await inject('GET', '/api/v1/changes?limit=2', 'viewer');
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items.map((c: { id: string }) => c.id)).toEqual(['CHG-000003', 'CHG-000002']);
    expect(page1.next).toEqual(expect.any(String));
    const second = (await inject('GET', `/api/v1/changes?limit=2&cursor=${page1.next}`, 'viewer')).json();
    expect(second).toMatchObject({ items: [{ id: 'CHG-000001' }], next: null });

    const filtered = await inject(
      'GET',
      '/api/v1/changes?state=dry_run&rule=r&incidentId=INC-000002&action=script:record',
      'viewer',
    );
    expect(filtered.json().items.map((c: { id: string }) => c.id)).toEqual(['CHG-000002']);
    expect((await inject('GET', '/api/v1/changes?state=failed', 'viewer')).json()).toEqual({
      items: [],
      next: null,
    });

    const detail = await inject('GET', '/api/v1/changes/CHG-000001', 'viewer');
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      id: 'CHG-000001',
      type: 'standard',
      state: 'dry_run',
      rule: 'r',
      action: 'script:record',
      incidentId: 'INC-000001',
      dryRun: true,
      rendered: { kind: 'script', argv: ['web-1'] },
      result: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('refuses bad list queries: wrong types, unknown states and fields, forged cursors', async () => {
    h = await automationCorrelator({ rules: approvalRule });
    for (const query of [
      'state=exploded',
      'limit=0',
      'limit=abc',
      'limit=5000',
      'incidentId=42',
      'action=rm%20-rf',
      'colour=red',
    ]) {
      const res = await inject('GET', `/api/v1/changes?${query}`, 'viewer');
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code, query).toBe('VIGIL_ERR_VALIDATION');
    }
    const forged = await inject('GET', '/api/v1/changes?cursor=Zm9yZ2Vk', 'viewer');
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('VIGIL_ERR_BAD_CURSOR');
  });

  it('answers 404 for unknown and malformed change ids', async () => {
    h = await automationCorrelator({ rules: approvalRule });
    const unknown = await inject('GET', '/api/v1/changes/CHG-000042', 'viewer');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({
      code: 'VIGIL_ERR_NOT_FOUND',
      message: 'Change CHG-000042 does not exist.',
    });
    expect((await inject('GET', '/api/v1/changes/INC-000001', 'viewer')).statusCode).toBe(400);
    const approveUnknown = await inject('POST', '/api/v1/changes/CHG-000042/approve');
    expect(approveUnknown.statusCode).toBe(404);
  });

  it('needs a token to read and the operator role to decide; a viewer gets 403 and nothing changes', async () => {
    await withPendingChange();
    expect((await inject('GET', '/api/v1/changes', null)).statusCode).toBe(401);
    for (const role of ['viewer', 'agent'] as const) {
      const res = await inject('POST', '/api/v1/changes/CHG-000001/approve', role);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('VIGIL_ERR_FORBIDDEN');
    }
    expect((await inject('POST', '/api/v1/changes/CHG-000001/reject', 'viewer')).statusCode).toBe(403);
    expect((await h!.change())!.state).toBe('pending_approval');
    expect(h!.scripts.recorded()).toBeNull();
    expect((await inject('GET', '/api/v1/changes', 'agent')).statusCode).toBe(403);
  });

  it('refuses bad decision bodies without deciding', async () => {
    await withPendingChange();
    for (const payload of [
      { note: 42 },
      { note: '' },
      { note: 'x'.repeat(5000) },
      { approve: true },
      [1, 2],
    ]) {
      const res = await inject('POST', '/api/v1/changes/CHG-000001/approve', 'operator', payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 40)).toBe(400);
      expect(res.json().error.code).toBe('VIGIL_ERR_VALIDATION');
    }
    const malformed = await h!.c.app.inject({
      method: 'POST',
      url: '/api/v1/changes/CHG-000001/approve',
      headers: { ...bearer('operator'), 'content-type': 'application/json' },
      payload: '{"note":',
    });
    expect(malformed.json().error.code).toBe('VIGIL_ERR_MALFORMED_JSON');
    expect((await h!.change())!.state).toBe('pending_approval');
  });

  it('refuses to approve or reject a change that is not pending approval (409) and leaves it as it was', async () => {
    await withPendingChange();
    expect((await inject('POST', '/api/v1/changes/CHG-000001/reject')).statusCode).toBe(200);
    const stored = await h!.change();
    for (const action of ['approve', 'reject']) {
      const res = await inject('POST', `/api/v1/changes/CHG-000001/${action}`);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'VIGIL_ERR_CHANGE_TRANSITION',
        message: `Change CHG-000001 is rejected; only a change in state pending_approval can be ${action === 'approve' ? 'approved' : 'rejected'}.`,
      });
    }
    expect(await h!.change()).toEqual(stored);
    expect(h!.scripts.recorded()).toBeNull();
  });

  it('shows runs by action and result in /metrics', async () => {
    await withPendingChange();
    await inject('POST', '/api/v1/changes/CHG-000001/reject');
    const metrics = await h!.c.app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('vigil_automation_runs_total{action="script:record",result="rejected"} 1');
  });
});

describe('changes API without automation', () => {
  it('lists nothing and answers 404 for a change that does not exist', async () => {
    const c = await testCorrelator();
    try {
      const list = await c.app.inject({ url: '/api/v1/changes', headers: bearer('viewer') });
      expect(list.json()).toEqual({ items: [], next: null });
      const res = await c.app.inject({
        method: 'POST',
        url: '/api/v1/changes/CHG-000001/approve',
        headers: bearer('operator'),
      });
      expect(res.statusCode).toBe(404);

      // A change recorded by an earlier run with automation, seen by a process without it.
      await (c.store as SqliteStore).saveChange(makeChange(1, { state: 'pending_approval' }));
      const disabled = await c.app.inject({
        method: 'POST',
        url: '/api/v1/changes/CHG-000001/approve',
        headers: bearer('operator'),
      });
      expect(disabled.statusCode).toBe(409);
      expect(disabled.json().error.code).toBe('VIGIL_ERR_AUTOMATION_DISABLED');
      expect(await (c.store as SqliteStore).getChange('CHG-000001')).toMatchObject({
        state: 'pending_approval',
        version: 1,
      });
    } finally {
      await c.app.close();
      await c.store.close();
    }
  });
});
