import { parseDuration } from '../../config/duration.js';
import { parseMatcher } from '../../rules/matchers.js';
import type { RuleLocation } from '../../rules/rule-types.js';
import type { YamlPath } from '../../rules/yaml-position.js';
import type { AutomationCatalog } from './catalog.js';
import { type AutomationRule, type CompiledAction, RULE_DEFAULTS, type TemplatedJson } from './rule.js';
import type { ActionInput, AutomationRuleInput } from './rule-schema.js';
import { type ArgTemplate, compileArgTemplate, isContextField } from './template.js';

type Report = (path: YamlPath, reason: string, atKey?: boolean) => void;

/** Deepest nesting of a webhook body; deeper is refused as hostile. */
const MAX_BODY_DEPTH = 8;

/**
 * Compiles one schema-valid rule against the allow-list: matchers parse, the action names a
 * runbook, script or webhook the config declares, every placeholder exists, runbook parameters are
 * all given and no unknown one is. Problems go to `report` with their path; returns null if any.
 */
export function compileAutomationRule(
  input: AutomationRuleInput,
  catalog: AutomationCatalog,
  origin: RuleLocation,
  report: Report,
): AutomationRule | null {
  let ok = true;
  const fail: Report = (path, reason, atKey) => {
    ok = false;
    report(path, reason, atKey);
  };
  const matchers = input.match.flatMap((text, index) => {
    try {
      return [parseMatcher(text)];
    } catch (error) {
      fail(['match', index], (error as Error).message.replace(/\.$/, ''));
      return [];
    }
  });
  const duration = (key: 'verify' | 'cooldown', fallback: number): number => {
    const value = input[key];
    if (value === undefined) return fallback;
    try {
      return parseDuration(value);
    } catch {
      fail([key], `"${key}" must be a duration such as 30s, 5m or 1h`);
      return fallback;
    }
  };
  const rate = (which: 'perCi' | 'perAction') => {
    const limit = input.rateLimit?.[which];
    if (!limit) return null;
    try {
      const windowMs = parseDuration(limit.window);
      if (windowMs <= 0) throw new Error('zero');
      return { count: limit.count, windowMs };
    } catch {
      fail(['rateLimit', which, 'window'], 'must be a duration greater than zero, such as 1h');
      return null;
    }
  };
  const action = compileAction(input.action, catalog, (path, reason) => fail(['action', ...path], reason));
  const rollback = input.rollback
    ? compileAction(input.rollback, catalog, (path, reason) => fail(['rollback', ...path], reason))
    : null;
  const verifyMs = duration('verify', RULE_DEFAULTS.verifyMs);
  if (verifyMs <= 0) fail(['verify'], '"verify" must be greater than zero: the signal needs time to recover');
  const guardrails = {
    cooldownMs: duration('cooldown', RULE_DEFAULTS.cooldownMs),
    maxAttempts: input.maxAttempts ?? RULE_DEFAULTS.maxAttempts,
    perCi: rate('perCi'),
    perAction: rate('perAction'),
    approval: input.approval ?? false,
    dryRun: input.dryRun ?? false,
  };
  const rule: AutomationRule | null =
    action === null
      ? null
      : {
          name: input.name,
          description: input.description ?? '',
          matchers,
          action,
          rollback,
          verifyMs,
          guardrails,
          origin,
        };
  return ok ? rule : null;
}

function compileAction(input: ActionInput, catalog: AutomationCatalog, fail: Report): CompiledAction | null {
  const kinds = (['runbook', 'script', 'webhook'] as const).filter((key) => input[key] !== undefined);
  if (kinds.length !== 1) {
    fail([], 'an action names exactly one of "runbook" (SSH), "script" (local) or "webhook"');
    return null;
  }
  const kind = kinds[0]!;
  const foreign = (
    {
      runbook: ['args', 'body'],
      script: ['host', 'port', 'user', 'params', 'body'],
      webhook: ['host', 'port', 'user', 'params', 'args'],
    } as const
  )[kind].filter((key) => input[key] !== undefined);
  for (const key of foreign) fail([key], `"${key}" does not apply to a ${kind} action`, true);
  const template = (path: YamlPath, source: string, allowed = isContextField): ArgTemplate | null => {
    try {
      return compileArgTemplate(source, allowed);
    } catch (error) {
      fail(path, `${(error as Error).message}; use incident.id, resource, check, labels.<name>, ...`);
      return null;
    }
  };
  if (kind === 'runbook') {
    const runbook = catalog.runbooks.get(input.runbook!);
    if (!runbook) return unknown(fail, 'runbook', input.runbook!, [...catalog.runbooks.keys()]);
    const params = new Map<string, ArgTemplate>();
    const given = input.params ?? {};
    for (const [name, source] of Object.entries(given)) {
      if (!runbook.parameters.some((p) => p.name === name)) {
        fail(['params', name], `runbook ${runbook.name} declares no parameter "${name}"`, true);
        continue;
      }
      const compiled = template(['params', name], source);
      if (compiled) params.set(name, compiled);
    }
    for (const parameter of runbook.parameters) {
      if (!Object.hasOwn(given, parameter.name))
        fail(['params'], `runbook ${runbook.name} needs the parameter "${parameter.name}"`);
    }
    const host = template(['host'], input.host ?? '{{ resource }}');
    if (!host) return null;
    return {
      kind: 'ssh',
      runbook,
      host,
      params,
      ...(input.port === undefined ? {} : { port: input.port }),
      ...(input.user === undefined ? {} : { user: input.user }),
    };
  }
  if (kind === 'script') {
    const script = catalog.scripts.get(input.script!);
    if (!script) return unknown(fail, 'script', input.script!, [...catalog.scripts.keys()]);
    const args = (input.args ?? []).map((source, i) => template(['args', i], source));
    return args.every((a) => a !== null) ? { kind: 'script', script, args: args as ArgTemplate[] } : null;
  }
  const webhook = catalog.webhooks.get(input.webhook!);
  if (!webhook) return unknown(fail, 'webhook', input.webhook!, [...catalog.webhooks.keys()]);
  const body = compileBody(input.body ?? null, ['body'], 0, fail, template);
  return body === undefined ? null : { kind: 'webhook', webhook, body };
}

function compileBody(
  value: unknown,
  path: YamlPath,
  depth: number,
  fail: Report,
  template: (path: YamlPath, source: string) => ArgTemplate | null,
): TemplatedJson | undefined {
  if (depth > MAX_BODY_DEPTH) {
    fail(path, `the body is nested deeper than ${MAX_BODY_DEPTH} levels`);
    return undefined;
  }
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    fail(path, 'numbers in a body must be finite');
    return undefined;
  }
  if (typeof value === 'string') {
    if (value.length > 1024) {
      fail(path, 'strings in a body are at most 1024 characters');
      return undefined;
    }
    return template(path, value) ?? undefined;
  }
  if (Array.isArray(value)) {
    const items = value.map((item, i) => compileBody(item, [...path, i], depth + 1, fail, template));
    return items.every((i) => i !== undefined) ? (items as TemplatedJson[]) : undefined;
  }
  if (typeof value === 'object') {
    const out: Record<string, TemplatedJson> = {};
    let ok = true;
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const compiled = compileBody(item, [...path, key], depth + 1, fail, template);
      if (compiled === undefined) ok = false;
      else out[key] = compiled;
    }
    return ok ? out : undefined;
  }
  fail(path, 'must be JSON: null, true/false, a number, a string, a list or a mapping');
  return undefined;
}

function unknown(fail: Report, what: string, name: string, known: string[]): null {
  const list = known.length > 0 ? `declared: ${known.join(', ')}` : 'none is declared';
  fail([what], `${what} "${name}" is not in automation.${what}s of the config (${list})`);
  return null;
}
