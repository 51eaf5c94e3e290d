import type { RenderedAction } from './change.js';
import type { CompiledAction, TemplatedJson } from './rule.js';
import type { TemplateValues } from './template.js';

/** Why an action could not be rendered safely; the run is recorded as failed with this reason. */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

/** A host name or address as SSH takes it: no spaces, no leading dash, nothing a shell or ssh reads as an option. */
const HOST = /^[A-Za-z0-9_][A-Za-z0-9._:%-]{0,252}$/;
/** Longest rendered argument or body string. */
const MAX_VALUE_LENGTH = 8192;

/**
 * Renders a compiled action for one incident. Every template becomes exactly one argument (or one
 * JSON string of a webhook body): nothing is split, joined or passed through a shell. Refuses what
 * cannot be passed literally (a NUL byte), a runbook parameter that fails its declared pattern,
 * and a host that is not a plain host name or address.
 * @throws RenderError
 */
export function renderAction(action: CompiledAction, values: TemplateValues): RenderedAction {
  const text = (template: { render(v: TemplateValues): string }, what: string): string => {
    const value = template.render(values);
    if (value.includes('\0'))
      throw new RenderError(`${what} contains a NUL byte, which no argument can carry`);
    if (value.length > MAX_VALUE_LENGTH)
      throw new RenderError(`${what} is longer than ${MAX_VALUE_LENGTH} characters`);
    return value;
  };
  switch (action.kind) {
    case 'ssh': {
      const host = text(action.host, 'the host');
      if (!HOST.test(host))
        throw new RenderError(`the host ${JSON.stringify(host.slice(0, 80))} is not a host name or address`);
      const params: Record<string, string> = {};
      for (const parameter of action.runbook.parameters) {
        const value = text(action.params.get(parameter.name)!, `parameter ${parameter.name}`);
        if (!parameter.pattern.test(value)) {
          throw new RenderError(
            `parameter ${parameter.name} = ${JSON.stringify(value.slice(0, 80))} does not match the pattern the runbook ${action.runbook.name} declares`,
          );
        }
        params[parameter.name] = value;
      }
      return {
        kind: 'ssh',
        runbook: action.runbook.name,
        target: {
          host,
          ...(action.port === undefined ? {} : { port: action.port }),
          ...(action.user === undefined ? {} : { user: action.user }),
        },
        argv: action.runbook.argv.map((part) => substitute(part, params)),
        timeoutMs: action.runbook.timeoutMs,
      };
    }
    case 'script':
      return {
        kind: 'script',
        script: action.script.name,
        path: action.script.path,
        argv: action.args.map((arg, i) => text(arg, `argument ${i + 1}`)),
        timeoutMs: action.script.timeoutMs,
      };
    case 'webhook':
      return {
        kind: 'webhook',
        webhook: action.webhook.name,
        origin: new URL(action.webhook.url).origin,
        body: renderJson(action.body, (t) => text(t, 'a body value')),
        timeoutMs: action.webhook.timeoutMs,
      };
  }
}

/** Fills `{{ name }}` of a runbook argv element with already validated parameter values. */
function substitute(part: string, params: Record<string, string>): string {
  return part.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => params[name] ?? '');
}

function renderJson(
  value: TemplatedJson,
  text: (t: { render(v: TemplateValues): string }) => string,
): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map((item) => renderJson(item, text));
  if ('render' in value && typeof value.render === 'function') return text(value as never);
  return Object.fromEntries(
    Object.entries(value as Record<string, TemplatedJson>).map(([k, v]) => [k, renderJson(v, text)]),
  );
}
