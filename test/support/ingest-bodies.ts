import type { AlertmanagerWebhook } from '../../correlator/ingest/schemas.js';

/** A webhook body as Alertmanager 0.25 sends it. */
export function webhook(overrides: Partial<AlertmanagerWebhook> = {}): AlertmanagerWebhook {
  return {
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'vigil',
    groupLabels: { alertname: 'DiskFull' },
    commonLabels: { alertname: 'DiskFull', severity: 'major' },
    commonAnnotations: { summary: 'disk full' },
    externalURL: 'http://alertmanager:9093',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'DiskFull', instance: 'db-1', severity: 'major', mount: '/data' },
        annotations: { summary: '/data is 97% full' },
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus/graph',
        fingerprint: 'c5e9f2b1a7d3e4f6',
      },
      {
        status: 'resolved',
        labels: { alertname: 'DiskFull', job: 'node', severity: 'page' },
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2026-01-01T00:05:00Z',
        fingerprint: '0011223344556677',
      },
    ],
    ...overrides,
  };
}
