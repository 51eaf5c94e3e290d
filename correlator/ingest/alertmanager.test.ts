import { describe, expect, it } from 'vitest';
import { webhook } from '../../test/support/ingest-bodies.js';
import { VigilError } from '../errors/vigil-error.js';
import { alertmanagerToEvents, checkAlertmanagerVersion } from './alertmanager.js';

describe('alertmanagerToEvents', () => {
  it('maps each alert with its own status, keyed by its Alertmanager fingerprint', () => {
    expect(alertmanagerToEvents(webhook())).toEqual([
      {
        source: 'alertmanager',
        resource: 'db-1',
        check: 'DiskFull',
        severity: 'major',
        status: 'firing',
        summary: '/data is 97% full',
        labels: { alertname: 'DiskFull', instance: 'db-1', severity: 'major', mount: '/data' },
        dedupKey: 'am:c5e9f2b1a7d3e4f6',
      },
      {
        source: 'alertmanager',
        resource: 'node',
        check: 'DiskFull',
        severity: 'critical',
        status: 'resolved',
        // No annotations of its own: the group's common annotations.
        summary: 'disk full',
        labels: { alertname: 'DiskFull', job: 'node', severity: 'page' },
        dedupKey: 'am:0011223344556677',
      },
    ]);
  });

  it('names an alert without alertname "alertmanager.alert"', () => {
    const body = webhook({ alerts: [{ status: 'firing', labels: { instance: 'x' }, fingerprint: 'f' }] });
    const [event] = alertmanagerToEvents(body);
    expect(event).toMatchObject({ check: 'alertmanager.alert', resource: 'x', severity: 'warning' });
  });
});

describe('checkAlertmanagerVersion', () => {
  it('accepts version "4" and leaves non-objects to schema validation', () => {
    expect(() => checkAlertmanagerVersion({ version: '4' })).not.toThrow();
    expect(() => checkAlertmanagerVersion([])).not.toThrow();
    expect(() => checkAlertmanagerVersion(null)).not.toThrow();
  });

  it.each([[{}], [{ version: '3' }], [{ version: 4 }], [{ version: null }]])(
    'refuses %j with VIGIL_ERR_UNSUPPORTED_VERSION',
    (body) => {
      const error = (() => {
        try {
          checkAlertmanagerVersion(body);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(VigilError);
      expect(error).toMatchObject({ code: 'VIGIL_ERR_UNSUPPORTED_VERSION', status: 400 });
      expect((error as Error).message).toContain('send version 4');
    },
  );
});
