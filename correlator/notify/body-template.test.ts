import { describe, expect, it } from 'vitest';
import { BODY_LIMITS, compileBody, renderBody } from './body-template.js';

const values = {
  'incident.id': 'INC-000001',
  'incident.title': 'web-1: "disk" full\n{{ incident.id }} </script>\u0000',
  transition: 'opened',
  'labels.service': 'checkout',
};

const render = (body: unknown, v: Record<string, string> = values) => {
  const { template, problems } = compileBody(body);
  expect(problems).toEqual([]);
  return renderBody(template!, v);
};

describe('notification body templates', () => {
  it('fills placeholders inside strings and keeps numbers, booleans, null and lists', () => {
    expect(
      render({
        text: '{{ incident.id }} is {{transition}}',
        n: 3,
        ok: true,
        none: null,
        tags: ['{{ labels.service }}'],
      }),
    ).toEqual({ text: 'INC-000001 is opened', n: 3, ok: true, none: null, tags: ['checkout'] });
  });

  it('keeps hostile incident text a JSON string: quotes, newlines, braces, markup and NUL never break the body', () => {
    const body = render({ title: '{{ incident.title }}' }) as { title: string };
    expect(body.title).toBe(values['incident.title']);
    const wire = JSON.stringify(body);
    expect(JSON.parse(wire)).toEqual({ title: values['incident.title'] });
    // A placeholder inside a value is text, not rendered again.
    expect(body.title).toContain('{{ incident.id }}');
  });

  it('renders a missing label as empty text', () => {
    expect(render({ team: '{{ labels.team }}' })).toEqual({ team: '' });
  });

  it('treats keys literally: __proto__ and render are ordinary keys, placeholders in keys are not rendered', () => {
    const body = render(
      JSON.parse('{"__proto__": {"polluted": "{{ incident.id }}"}, "render": "x", "{{ incident.id }}": 1}'),
    );
    expect(JSON.parse(JSON.stringify(body))).toEqual(
      JSON.parse('{"__proto__": {"polluted": "INC-000001"}, "render": "x", "{{ incident.id }}": 1}'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('cuts a value longer than the limit with an ellipsis', () => {
    const long = 'x'.repeat(BODY_LIMITS.valueChars + 50);
    const body = render({ t: '{{ incident.title }}' }, { 'incident.title': long }) as { t: string };
    expect(body.t).toHaveLength(BODY_LIMITS.valueChars);
    expect(body.t.endsWith('…')).toBe(true);
  });

  it('refuses unknown placeholders, unclosed braces and bad label names, each at its path', () => {
    const { template, problems } = compileBody({
      a: '{{ incident.name }}',
      b: ['ok', '{{ transition'],
      c: { d: '{{ labels.bad-name }}' },
    });
    expect(template).toBeNull();
    expect(problems.map((p) => p.path)).toEqual([['a'], ['b', 1], ['c', 'd']]);
    expect(problems[0]!.reason).toContain('unknown placeholder "{{ incident.name }}"');
    expect(problems[1]!.reason).toContain('is not closed');
  });

  it('refuses hostile shapes: too deep, too many values, too many keys, long strings, non-finite numbers', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < BODY_LIMITS.depth + 2; i++) deep = { d: deep };
    expect(compileBody(deep).problems[0]!.reason).toContain('nested at most');
    expect(compileBody(Array.from({ length: BODY_LIMITS.nodes + 10 }, () => 1)).problems).toHaveLength(1);
    const wide = Object.fromEntries(Array.from({ length: BODY_LIMITS.keys + 1 }, (_, i) => [`k${i}`, i]));
    expect(compileBody(wide).problems[0]!.reason).toContain('at most 64 keys');
    expect(compileBody({ s: 'y'.repeat(BODY_LIMITS.templateChars + 1) }).problems[0]!.path).toEqual(['s']);
    expect(compileBody({ n: Number.POSITIVE_INFINITY }).problems[0]!.reason).toContain('finite');
    expect(compileBody({ f: () => 1 }).problems[0]!.reason).toContain('must be JSON');
  });
});
