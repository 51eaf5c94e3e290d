/** Values a remediation template can read: `incident.id`, `resource`, `labels.mount`, ... */
export type TemplateValues = Readonly<Record<string, string>>;

/** A template checked at load time, rendering into one string (one argument, one JSON string). */
export interface ArgTemplate {
  readonly source: string;
  /** Placeholders it uses, e.g. `['labels.mount']`. */
  readonly names: readonly string[];
  render(values: TemplateValues): string;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Placeholders of incident context (besides `labels.<name>`). */
export const CONTEXT_FIELDS = [
  'rule',
  'incident.id',
  'incident.title',
  'incident.priority',
  'incident.category',
  'resource',
  'check',
  'source',
  'severity',
  'ci.id',
  'ci.name',
  'ci.class',
] as const;

const LABEL = /^labels\.[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Compiles `'--mount={{ labels.mount }}'`. Rendering substitutes values as text into this one
 * string; it never splits, joins or quotes, so whatever an event field holds stays inside the
 * argument it was put in. `allowed` says which names exist; anything else throws an `Error` whose
 * message is the reason (reported with file and line by the loader).
 */
export function compileArgTemplate(source: string, allowed: (name: string) => boolean): ArgTemplate {
  const parts: Array<string | { name: string }> = [];
  const names: string[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    parts.push(source.slice(last, match.index));
    const name = match[1]!;
    if (!allowed(name)) throw new Error(`unknown placeholder "{{ ${name} }}"`);
    parts.push({ name });
    names.push(name);
    last = match.index + match[0].length;
  }
  const tail = source.slice(last);
  if (tail.includes('{{')) throw new Error('a "{{" is not closed by "}}"');
  parts.push(tail);
  return {
    source,
    names,
    render: (values) =>
      parts.map((part) => (typeof part === 'string' ? part : (values[part.name] ?? ''))).join(''),
  };
}

/** Whether `name` is an incident-context placeholder. */
export function isContextField(name: string): boolean {
  return LABEL.test(name) || (CONTEXT_FIELDS as readonly string[]).includes(name);
}
