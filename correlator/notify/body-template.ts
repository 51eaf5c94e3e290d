import { type ArgTemplate, compileArgTemplate } from '../automation/template.js';

/** Values a notification template reads: `incident.id`, `transition`, `labels.service`, ... */
export type NotifyValues = Readonly<Record<string, string>>;

/**
 * A JSON body whose strings are templates, compiled once. Nodes are tagged, so no key or value a
 * user writes (`render`, `__proto__`) can be mistaken for a template or reach a prototype.
 */
export type BodyTemplate =
  | { readonly t: 'literal'; readonly value: null | boolean | number }
  | { readonly t: 'text'; readonly template: ArgTemplate }
  | { readonly t: 'list'; readonly items: readonly BodyTemplate[] }
  | { readonly t: 'object'; readonly entries: ReadonlyArray<readonly [string, BodyTemplate]> };

/** Placeholders besides `labels.<name>` (docs/notifications.md lists what each holds). */
export const NOTIFY_FIELDS = [
  'transition',
  'rule',
  'receiver',
  'at',
  'detail',
  'incident.id',
  'incident.title',
  'incident.status',
  'incident.priority',
  'incident.category',
  'incident.impact',
  'incident.urgency',
  'incident.assignmentGroup',
  'incident.assignee',
  'incident.escalationLevel',
  'incident.createdAt',
  'incident.acknowledgedAt',
  'incident.resolvedAt',
  'incident.resource',
  'incident.check',
  'incident.alertCount',
  'incident.ciIds',
  'incident.problemId',
] as const;

const LABEL = /^labels\.[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Whether `name` is a placeholder notification templates may use. */
export function isNotifyField(name: string): boolean {
  return LABEL.test(name) || (NOTIFY_FIELDS as readonly string[]).includes(name);
}

/** Limits of a body template: a config file is user input too. */
export const BODY_LIMITS = { depth: 8, nodes: 512, keys: 64, templateChars: 4096, valueChars: 8192 };

/** Where a problem in a body template is (keys and indexes below `body`) and what it is. */
export type BodyProblem = { path: Array<string | number>; reason: string };

/**
 * Compiles a body as written in YAML (mapping, list, string, number, boolean, null). Every
 * problem goes to the returned list with its path; the template is null when there is any.
 * @example compileBody({ text: '{{ incident.id }} {{ transition }}' })
 */
export function compileBody(value: unknown): { template: BodyTemplate | null; problems: BodyProblem[] } {
  const problems: BodyProblem[] = [];
  let nodes = 0;
  const walk = (node: unknown, path: Array<string | number>): BodyTemplate | null => {
    if (++nodes > BODY_LIMITS.nodes) {
      if (nodes === BODY_LIMITS.nodes + 1)
        problems.push({ path, reason: `a body has at most ${BODY_LIMITS.nodes} values` });
      return null;
    }
    if (path.length > BODY_LIMITS.depth) {
      problems.push({ path, reason: `a body is nested at most ${BODY_LIMITS.depth} levels deep` });
      return null;
    }
    if (node === null || typeof node === 'boolean') return { t: 'literal', value: node };
    if (typeof node === 'number') {
      if (Number.isFinite(node)) return { t: 'literal', value: node };
      problems.push({ path, reason: 'numbers in a body must be finite' });
      return null;
    }
    if (typeof node === 'string') {
      if (node.length > BODY_LIMITS.templateChars) {
        problems.push({
          path,
          reason: `strings in a body are at most ${BODY_LIMITS.templateChars} characters`,
        });
        return null;
      }
      try {
        return { t: 'text', template: compileArgTemplate(node, isNotifyField) };
      } catch (error) {
        problems.push({
          path,
          reason: `${(error as Error).message}; placeholders are ${NOTIFY_FIELDS.join(', ')} and labels.<name>`,
        });
        return null;
      }
    }
    if (Array.isArray(node)) {
      const items = node.map((item, i) => walk(item, [...path, i]));
      return items.every((i) => i !== null) ? { t: 'list', items: items as BodyTemplate[] } : null;
    }
    if (typeof node === 'object') {
      const keys = Object.keys(node);
      if (keys.length > BODY_LIMITS.keys) {
        problems.push({ path, reason: `a mapping in a body has at most ${BODY_LIMITS.keys} keys` });
        return null;
      }
      const entries: Array<readonly [string, BodyTemplate]> = [];
      let ok = true;
      for (const key of keys) {
        const compiled = walk((node as Record<string, unknown>)[key], [...path, key]);
        if (compiled === null) ok = false;
        else entries.push([key, compiled]);
      }
      return ok ? { t: 'object', entries } : null;
    }
    problems.push({
      path,
      reason: 'must be JSON: null, true/false, a number, a string, a list or a mapping',
    });
    return null;
  };
  const template = walk(value, []);
  return { template: problems.length === 0 ? template : null, problems };
}

/**
 * Renders a body for one notification. Values go in as JSON strings (the body is serialised with
 * `JSON.stringify`, so quotes, newlines or `{{` in an incident's title stay text); a value longer
 * than `BODY_LIMITS.valueChars` is cut with an ellipsis. Objects have no prototype, so a
 * `__proto__` key is an ordinary key.
 */
export function renderBody(template: BodyTemplate, values: NotifyValues): unknown {
  switch (template.t) {
    case 'literal':
      return template.value;
    case 'text':
      return bounded(template.template.render(values));
    case 'list':
      return template.items.map((item) => renderBody(item, values));
    case 'object': {
      const out = Object.create(null) as Record<string, unknown>;
      for (const [key, value] of template.entries) out[key] = renderBody(value, values);
      return out;
    }
  }
}

/** Renders one string template (PagerDuty's `dedup_key`, ...), bounded like body values. */
export function renderText(
  template: ArgTemplate,
  values: NotifyValues,
  max = BODY_LIMITS.valueChars,
): string {
  return bounded(template.render(values), max);
}

function bounded(value: string, max = BODY_LIMITS.valueChars): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
