import { describe, expect, it } from 'vitest';
import { VigilError } from '../correlator/errors/vigil-error.js';
import { parseRuleText } from './parse-rule-text.js';
import { RuleError } from './rule-issues.js';

const VALID = `thresholds:
  - name: filesystem-full
    metric: filesystem.used_percent
    matchers: ['fstype!~"tmpfs|overlay"', 'mount!="/boot/efi"']
    above: 90
    recover: 85
    for: 2m
    recoverFor: 30s
    severity: major
    category: capacity
    summary: 'Filesystem {{ labels.mount }} is {{ value }}% full'
    labels: { team: storage }
`;

function failure(text: string): VigilError {
  try {
    parseRuleText(text, 'rules/test.yaml');
  } catch (error) {
    if (error instanceof VigilError) return error;
    throw error;
  }
  throw new Error('the rule text was accepted');
}

/** The first issue as `line:column rule: reason`. */
function firstIssue(text: string): string {
  const error = failure(text);
  expect(error).toBeInstanceOf(RuleError);
  const issue = (error as RuleError).details[0]!;
  return `${issue.line}:${issue.column} ${issue.rule}: ${issue.reason}`;
}

describe('parseRuleText: valid files', () => {
  it('compiles a rule with every option', () => {
    const file = parseRuleText(VALID, 'rules/test.yaml');
    const [rule] = file.thresholds;
    expect(rule).toMatchObject({
      name: 'filesystem-full',
      check: 'filesystem-full',
      metric: 'filesystem.used_percent',
      direction: 'above',
      threshold: 90,
      recover: 85,
      forMs: 120_000,
      recoverForMs: 30_000,
      severity: 'major',
      category: 'capacity',
      labels: { team: 'storage' },
      origin: { file: 'rules/test.yaml', line: 2, column: 5 },
    });
    expect(rule!.matchers.map((m) => m.op)).toEqual(['!~', '!=']);
    expect(file.classification).toBeUndefined();
  });

  it('defaults recover to the threshold, durations to 0 and accepts numeric seconds', () => {
    const [rule] = parseRuleText(
      'thresholds:\n  - { name: low, metric: host.uptime_seconds, below: 900, for: 90, severity: info, category: availability }\n',
      'x.yaml',
    ).thresholds;
    expect(rule).toMatchObject({
      direction: 'below',
      threshold: 900,
      recover: 900,
      forMs: 90_000,
      recoverForMs: 0,
    });
  });

  it('accepts an empty file, and passes the classification section through with its document', () => {
    expect(parseRuleText('# nothing yet\n', 'empty.yaml').thresholds).toEqual([]);
    const file = parseRuleText(
      'classification:\n  - match: { check: "disk.*" }\n    group: storage\n',
      'c.yaml',
    );
    expect(file.classification).toEqual([{ match: { check: 'disk.*' }, group: 'storage' }]);
    const node = file.document.getIn(['classification', 0, 'group'], true) as { range: [number] };
    expect(file.lineCounter.linePos(node.range[0])).toEqual({ line: 3, col: 12 });
  });
});

describe('parseRuleText: errors name file, line, column and rule', () => {
  it.each([
    [
      'a wrong type',
      VALID.replace('above: 90', 'above: "90"'),
      '5:12 filesystem-full: "above" must be a finite number',
    ],
    [
      'NaN',
      VALID.replace('above: 90', 'above: .nan'),
      '5:12 filesystem-full: "above" must be a finite number',
    ],
    [
      'a reserved label prefix',
      VALID.replace('team: storage', '__proto__: x'),
      '12:15 filesystem-full: label name "__proto__" must be letters, digits and _, not starting with __',
    ],
    [
      'an unknown key, with a suggestion',
      VALID.replace('recoverFor:', 'recover_for:'),
      '8:5 filesystem-full: unknown key "recover_for"; did you mean "recoverFor"?',
    ],
    [
      'a missing key',
      VALID.replace('    severity: major\n', ''),
      '2:5 filesystem-full: missing required key "severity"',
    ],
    [
      'an unknown severity',
      VALID.replace('severity: major', 'severity: fatal'),
      '9:15 filesystem-full: "severity" must be one of critical, major, minor, warning, info',
    ],
    [
      'an unknown category',
      VALID.replace('category: capacity', 'category: disks'),
      '10:15 filesystem-full: "category" must be one of hardware, software, network, security, capacity, availability, other',
    ],
    [
      'a duration of the wrong type',
      VALID.replace('for: 2m', 'for: true'),
      '7:10 filesystem-full: "for" must be a duration such as 30s, 2m or 1h',
    ],
    [
      'a bad duration',
      VALID.replace('for: 2m', 'for: 2 minutes'),
      '7:10 filesystem-full: Duration "2 minutes" is invalid',
    ],
    [
      'a bad duration unit',
      VALID.replace('for: 2m', 'for: 2y'),
      '7:10 filesystem-full: Duration "2y" is invalid',
    ],
    [
      'recover on the wrong side',
      VALID.replace('recover: 85', 'recover: 95'),
      '6:14 filesystem-full: recover (95) must be <= above (90); otherwise the alert resolves while still above',
    ],
    [
      'both above and below',
      VALID.replace('above: 90', 'above: 90\n    below: 10'),
      '6:12 filesystem-full: set either above or below',
    ],
    [
      'no threshold',
      VALID.replace('    above: 90\n', ''),
      '2:5 filesystem-full: set the threshold with above: or below:',
    ],
    [
      'a bad matcher',
      VALID.replace('mount!="/boot/efi"', 'mount~"/boot"'),
      '4:43 filesystem-full: Matcher "mount~"/boot"" is invalid: expected one of the operators',
    ],
    [
      'an unknown template placeholder',
      VALID.replace('{{ value }}', '{{ val }}'),
      '11:14 filesystem-full: unknown placeholder "{{ val }}"',
    ],
    [
      'a reserved label',
      VALID.replace('team: storage', 'category: x'),
      '12:15 filesystem-full: label "category" is set from',
    ],
    [
      'a bad name',
      VALID.replace('name: filesystem-full', 'name: "fs full!"'),
      '2:11 fs full!: "name" must be a name of letters',
    ],
    [
      'an unknown top-level key',
      `${VALID}alerts: []\n`,
      '13:1 (file): unknown key "alerts" (allowed: thresholds, correlation, classification)',
    ],
    ['thresholds not a list', 'thresholds: { name: x }\n', '1:13 (file): "thresholds" must be a list'],
    ['a top-level list', '- name: x\n', '1:1 (file): a rule file must be a mapping'],
    ['a scalar file', 'just text\n', '1:1 (file): a rule file must be a mapping'],
  ])('reports %s', (_, text, expected) => {
    expect(firstIssue(text)).toContain(expected);
  });

  it('formats the message with the catalogue template and keeps every issue in details', () => {
    const error = failure(
      VALID.replace('above: 90', 'above: "90"').replace('severity: major', 'severity: fatal'),
    );
    expect(error.code).toBe('VIGIL_ERR_RULE_INVALID');
    expect(error.message).toBe(
      'rules/test.yaml:5:12: rule filesystem-full: "above" must be a finite number (and 1 more problem).',
    );
    expect((error as RuleError).details).toHaveLength(2);
  });

  it('reports a duplicate rule name at the second one, pointing at the first', () => {
    const rule = (name: string) =>
      `  - { name: ${name}, metric: memory.used_percent, above: 90, severity: major, category: capacity }\n`;
    expect(firstIssue(`thresholds:\n${rule('mem')}${rule('other')}${rule('mem')}`)).toBe(
      '4:13 mem: the name "mem" is already used at rules/test.yaml:2:13',
    );
  });

  it('names the unnamed rule by position', () => {
    expect(
      firstIssue(
        'thresholds:\n  - { metric: memory.used_percent, above: 1, severity: info, category: other }\n',
      ),
    ).toBe('2:5 #1: missing required key "name"');
  });
});

describe('parseRuleText: hostile input', () => {
  it('rejects text that is not YAML with VIGIL_ERR_CONFIG_PARSE and a position', () => {
    const error = failure('thresholds:\n  - name: [unclosed\n  other: }\n');
    expect(error.code).toBe('VIGIL_ERR_CONFIG_PARSE');
    expect(error.message).toMatch(/^rules\/test\.yaml:\d+:\d+: YAML syntax error: /);
  });

  it('turns nesting too deep for the parser into a syntax error', () => {
    const error = failure(`thresholds: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(error.code).toBe('VIGIL_ERR_CONFIG_PARSE');
  });

  it('rejects duplicate keys', () => {
    expect(failure('thresholds: []\nthresholds: []\n').message).toContain(
      'rules/test.yaml:2:1: YAML syntax error',
    );
  });

  it('rejects files over 1 MiB before parsing them', () => {
    const error = failure(`# ${'x'.repeat(1024 * 1024)}\n`);
    expect(error.code).toBe('VIGIL_ERR_RULE_FILE_UNREADABLE');
    expect(error.message).toContain('more than the limit of 1048576 bytes');
  });

  it('rejects alias bombs', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) {
      const previous = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const error = failure(`${lines.join('\n')}\n`);
    expect(error.code).toBe('VIGIL_ERR_RULE_INVALID');
    expect(error.message).toContain('Excessive alias count');
  });

  it('bounds matchers, summaries and rule counts through the schema', () => {
    const long = VALID.replace('mount!="/boot/efi"', `mount!="${'a'.repeat(1100)}"`);
    expect(firstIssue(long)).toMatch(/^4:43 filesystem-full: "matchers\[1\]" must .*1024/);
  });
});
