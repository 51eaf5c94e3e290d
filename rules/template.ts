/** The values a summary template can use; `labels.<name>` reads a series or rule label. */
export interface TemplateContext {
  value: number;
  threshold: number;
  recover: number;
  metric: string;
  rule: string;
  check: string;
  resource: string;
  severity: string;
  category: string;
  labels: Readonly<Record<string, string>>;
}

/** Placeholders a template may use besides `labels.<name>`. */
export const TEMPLATE_FIELDS = [
  'value',
  'threshold',
  'recover',
  'metric',
  'rule',
  'check',
  'resource',
  'severity',
  'category',
] as const;

/** A summary template checked at load time, so a typo fails the rule file, not an alert at 3 am. */
export interface CompiledTemplate {
  readonly source: string;
  render(context: TemplateContext): string;
}

type Part = string | ((context: TemplateContext) => string);

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const LABEL_REF = /^labels\.([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * Compiles `'Filesystem {{ labels.mount }} is {{ value }}% full'`. Throws an `Error` whose
 * message is the reason when a placeholder is unknown or a `{{` is not closed.
 */
export function compileTemplate(source: string): CompiledTemplate {
  const parts: Part[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    parts.push(source.slice(last, match.index));
    parts.push(placeholder(match[1]!));
    last = match.index + match[0].length;
  }
  const tail = source.slice(last);
  if (tail.includes('{{')) throw new Error('a "{{" is not closed by "}}"');
  parts.push(tail);
  return {
    source,
    render: (context) => parts.map((part) => (typeof part === 'string' ? part : part(context))).join(''),
  };
}

function placeholder(expression: string): (context: TemplateContext) => string {
  const label = LABEL_REF.exec(expression)?.[1];
  if (label !== undefined) return (context) => context.labels[label] ?? '';
  const field = TEMPLATE_FIELDS.find((name) => name === expression);
  if (field === undefined) {
    throw new Error(
      `unknown placeholder "{{ ${expression} }}"; use ${TEMPLATE_FIELDS.join(', ')} or labels.<name>`,
    );
  }
  return (context) => {
    const value = context[field];
    return typeof value === 'number' ? formatNumber(value) : value;
  };
}

/** Numbers as people read them in a summary: at most two decimals, no trailing zeros. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
}
