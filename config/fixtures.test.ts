// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings hold ${env:...} references literally, as config files do.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../correlator/errors/catalogue.js';
import { isConfigError } from './issues.js';
import { loadConfigFile } from './load.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), 'testdata');

interface Expected {
  readonly code: ErrorCode;
  readonly line: number;
  /** Dotted key the message must name; `null` for syntax errors. */
  readonly key: string | null;
  /** Further text the message must contain. */
  readonly says: string;
}

/**
 * One entry per bad-*.yaml file: the first (or only) problem it must produce. Files that are not
 * YAML at all live in testdata/fixtures/, which the linter skips (biome.json).
 */
const CASES: Record<string, Expected> = {
  'fixtures/bad-syntax.yaml': {
    code: 'VIGIL_ERR_CONFIG_PARSE',
    line: 6,
    key: null,
    says: 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
  },
  'bad-multiple-documents.yaml': {
    code: 'VIGIL_ERR_CONFIG_PARSE',
    line: 5,
    key: null,
    says: 'a config file holds one YAML document',
  },
  'bad-unknown-top-level.yaml': {
    code: 'VIGIL_ERR_CONFIG_UNKNOWN_KEY',
    line: 4,
    key: 'alerting',
    says: 'unknown key "alerting"; remove it',
  },
  'bad-unknown-nested.yaml': {
    code: 'VIGIL_ERR_CONFIG_UNKNOWN_KEY',
    line: 3,
    key: 'server.lisen',
    says: '(did you mean "listen"?)',
  },
  'bad-wrong-type.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 4,
    key: 'server.limits.bodyBytes',
    says: 'must be a whole number (got "ten megabytes")',
  },
  'bad-duration.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 4,
    key: 'host.interval',
    says: 'must be a duration greater than zero',
  },
  'bad-listen.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 3,
    key: 'server.listen',
    says: 'port 98600 is outside 1..65535',
  },
  'bad-duplicate-token-names.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 7,
    key: 'server.tokens[1].name',
    says: '"grafana" is already the name of server.tokens[0]',
  },
  'bad-short-token.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 6,
    key: 'server.tokens[0].token',
    says: 'must be at least 16 characters long after secret resolution',
  },
  'bad-unresolved-env.yaml': {
    code: 'VIGIL_ERR_SECRET_UNRESOLVED',
    line: 6,
    key: 'server.tokens[0].token',
    says: '${env:VIGIL_MISSING_TOKEN} cannot be resolved: environment variable VIGIL_MISSING_TOKEN is not set',
  },
  'bad-unresolved-file.yaml': {
    code: 'VIGIL_ERR_SECRET_UNRESOLVED',
    line: 6,
    key: 'server.tokens[0].token',
    says: `file ${join(testdata, 'no-such-token.txt')} cannot be read (ENOENT)`,
  },
  'bad-snmp-credentials.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 4,
    key: 'snmp.credentials[0]',
    says: 'authKey must be at least 8 characters',
  },
  'bad-notify-unknown-receiver.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 6,
    key: 'notify.routes[0].receivers[0]',
    says: 'unknown receiver "ops-webhok"; notify.receivers names "ops-webhook"',
  },
  'bad-notify-template.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 8,
    key: 'notify.receivers[0].body.text',
    says: 'unknown placeholder "{{ incident.name }}"',
  },
  'bad-notify-url.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 6,
    key: 'notify.receivers[0].url',
    says: 'must be an http:// or https:// URL',
  },
  'bad-notify-retention.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 6,
    key: 'notify.retention',
    says: 'must be a duration from 1m to 3650d',
  },
  'bad-matrix-inverted.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 5,
    key: 'incidents.priorityMatrix.department[1]',
    says: 'a less urgent incident must not get a higher priority',
  },
  'bad-escalation-targets.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 5,
    key: 'incidents.escalation.response.P3',
    says: '2d is longer than the P3 resolution target (24h)',
  },
  'bad-escalation-priority.yaml': {
    code: 'VIGIL_ERR_CONFIG_UNKNOWN_KEY',
    line: 5,
    key: 'incidents.escalation.resolution.P6',
    says: 'unknown key "incidents.escalation.resolution.P6"',
  },
  'bad-escalation-duration.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 5,
    key: 'incidents.escalation.response.P1',
    says: 'must be a duration greater than zero',
  },
  'bad-problems-count.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 5,
    key: 'incidents.problems.recurrence.count',
    says: '2',
  },
  'bad-maintenance-cron.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 4,
    key: 'suppression.maintenance[0]',
    says: 'cron "61 22 * * 6" is invalid',
  },
  'bad-maintenance-mixed.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 7,
    key: 'suppression.maintenance[0].schedule',
    says: 'give either startsAt and endsAt (one-off) or cron and duration (recurring)',
  },
  'bad-maintenance-timezone.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 4,
    key: 'suppression.maintenance[0]',
    says: 'time zone "Mars/Olympus" is not an IANA zone',
  },
  'bad-inhibit-matcher.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 8,
    key: 'suppression.inhibit[0].target[1]',
    says: 'nested quantifiers',
  },
  'bad-topology-wait.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 4,
    key: 'suppression.topology.wait',
    says: 'must be a duration such as 0s, 10s or 1m',
  },
  'bad-problems-window.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 5,
    key: 'incidents.problems.recurrence.window',
    says: 'must be a duration greater than zero',
  },
  'bad-cmdb-lifecycle-inverted.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 6,
    key: 'cmdb.lifecycle.retireAfter',
    says: 'a CI must be missing before it is retired',
  },
  'bad-cmdb-precedence-source.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 4,
    key: 'cmdb.precedence.default[1]',
    says: 'must match',
  },
  'bad-service-unknown-sla.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 7,
    key: 'services[0].sla',
    says: 'names no sla entry; defined: gold',
  },
  'bad-service-selector.yaml': {
    code: 'VIGIL_ERR_CONFIG_UNKNOWN_KEY',
    line: 5,
    key: 'services[0].selectors[0].host',
    says: 'unknown key "services[0].selectors[0].host"',
  },
  'bad-service-maintenance-inverted.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 6,
    key: 'services[0].maintenance[0]',
    says: 'ends (2026-03-01T02:00:00.000Z) before it starts',
  },
  'bad-service-maintenance-overlap.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 7,
    key: 'services[0].maintenance[1]',
    says: 'overlaps maintenance window 0',
  },
  'bad-sla-target.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 4,
    key: 'sla[0].availability',
    says: '1',
  },
  'bad-sla-business-hours.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 6,
    key: 'sla[0].businessHours.end',
    says: 'is not after start 18:00',
  },
  'bad-matrix-impact.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 5,
    key: 'incidents.priorityMatrix.department[0]',
    says: 'a narrower impact must not get a higher priority',
  },
  'bad-matrix-invalid.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 4,
    key: 'incidents.priorityMatrix.local',
    says: 'must have exactly 4 entries, not 3',
  },
  'bad-store-kind.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 3,
    key: 'store.kind',
    says: 'must be one of sqlite, redis (got "mongodb")',
  },
  'bad-store-mixed.yaml': {
    code: 'VIGIL_ERR_CONFIG_UNKNOWN_KEY',
    line: 5,
    key: 'store.path',
    says: '(only valid with kind: sqlite)',
  },
  'bad-alias-bomb.yaml': {
    code: 'VIGIL_ERR_CONFIG_PARSE',
    line: 3,
    key: null,
    says: 'Excessive alias count',
  },
  'bad-not-a-mapping.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 2,
    key: '(root)',
    says: 'must be a mapping of sections',
  },
  'bad-many-errors.yaml': {
    code: 'VIGIL_ERR_CONFIG_INVALID',
    line: 3,
    key: 'server.listen',
    says: 'expected HOST:PORT',
  },
};

async function firstProblem(file: string) {
  try {
    await loadConfigFile(join(testdata, file), { env: { VIGIL_SHORT_TOKEN: 'too-short' } });
  } catch (error) {
    if (isConfigError(error)) return error;
    throw error;
  }
  throw new Error(`${file} loaded without error`);
}

describe('bad config fixtures', () => {
  it('has an expectation for every bad-*.yaml file', () => {
    const files = [
      ...readdirSync(testdata),
      ...readdirSync(join(testdata, 'fixtures')).map((name) => `fixtures/${name}`),
    ].filter((name) => name.replace('fixtures/', '').startsWith('bad-'));
    expect(files.sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))('%s fails with its code, line and key', async (file, expected) => {
    const error = await firstProblem(file);
    expect(error.code).toBe(expected.code);
    const [first] = error.details;
    expect(first).toMatchObject({ code: expected.code, line: expected.line, key: expected.key });
    expect(first?.file).toBe(join(testdata, file));
    expect(error.message).toBe(first?.message);
    expect(error.message).toContain(`${join(testdata, file)}:${expected.line}:`);
    if (expected.key !== null) expect(error.message).toContain(expected.key);
    expect(error.message).toContain(expected.says);
  });

  it('reports every problem of a file, in file order, not only the first', async () => {
    const error = await firstProblem('bad-many-errors.yaml');
    expect(error.details.map((issue) => [issue.line, issue.key])).toEqual([
      [3, 'server.listen'],
      [4, 'server.logLevel'],
      [6, 'host.interval'],
      [8, 'incidents.minSeverity'],
      [11, 'incidents.assignment[0].group'],
    ]);
    expect(error.details[1]?.message).toContain(
      'must be one of trace, debug, info, warn, error, fatal (got "verbose")',
    );
    expect(error.details[4]?.message).toContain('must not be empty');
  });

  it('never quotes the value of a secret, even a rejected one', async () => {
    const error = await firstProblem('bad-short-token.yaml');
    expect(JSON.stringify(error.details)).not.toContain('too-short');
  });
});
