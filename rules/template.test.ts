import { describe, expect, it } from 'vitest';
import { compileTemplate, formatNumber, type TemplateContext } from './template.js';

const context: TemplateContext = {
  value: 91.23456,
  threshold: 90,
  recover: 85,
  metric: 'filesystem.used_percent',
  rule: 'filesystem-full',
  check: 'filesystem-full',
  resource: 'web-1',
  severity: 'major',
  category: 'capacity',
  labels: { mount: '/var' },
};

describe('compileTemplate', () => {
  it('renders fields and labels', () => {
    const template = compileTemplate(
      'Filesystem {{ labels.mount }} on {{resource}} is {{ value }}% full ({{ threshold }})',
    );
    expect(template.render(context)).toBe('Filesystem /var on web-1 is 91.23% full (90)');
  });

  it('renders a missing label as empty text and keeps text without placeholders', () => {
    expect(compileTemplate('[{{ labels.team }}]').render(context)).toBe('[]');
    expect(compileTemplate('plain } text').render(context)).toBe('plain } text');
  });

  it.each([
    ['{{ valeu }}', 'unknown placeholder "{{ valeu }}"'],
    ['{{ labels.mount.x }}', 'unknown placeholder'],
    ['{{ constructor }}', 'unknown placeholder'],
    ['{{ value', 'is not closed'],
  ])('rejects %j', (source, reason) => {
    expect(() => compileTemplate(source)).toThrow(reason);
  });
});

describe('formatNumber', () => {
  it('keeps integers and rounds the rest to two decimals', () => {
    expect(formatNumber(90)).toBe('90');
    expect(formatNumber(0.125)).toBe('0.13');
    expect(formatNumber(2.5)).toBe('2.5');
  });
});
