/**
 * The syntax of secret references inside config strings: `${env:NAME}` and `${file:path}`, with
 * `$${` for a literal `${`. Parsing is pure; `secrets.ts` does the reading.
 */

/** One piece of a string that may embed secret references. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'ref'; readonly source: 'env' | 'file'; readonly name: string; readonly ref: string };

/** The outcome of parsing a string: its parts, or why it is not a valid reference template. */
export type ParsedTemplate = { readonly parts: readonly TemplatePart[] } | { readonly problem: string };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Splits a config string into literal text and references. Anything between `${` and `}` that is
 * not `env:NAME` or `file:path` is rejected rather than kept literally: a shell-style `${TOKEN}`
 * silently taken as a 8-character token would be a trap.
 * @example parseTemplate('redis://:${env:PW}@db:6379')
 */
export function parseTemplate(value: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let text = '';
  let at = 0;
  while (at < value.length) {
    if (value.startsWith('$${', at)) {
      text += '${';
      at += 3;
      continue;
    }
    if (!value.startsWith('${', at)) {
      text += value[at];
      at += 1;
      continue;
    }
    const end = value.indexOf('}', at);
    if (end < 0)
      return { problem: `a "\${" reference is not closed with "}" (write "$\${" for a literal "\${")` };
    const ref = value.slice(at + 2, end);
    const colon = ref.indexOf(':');
    const source = colon < 0 ? '' : ref.slice(0, colon);
    const name = ref.slice(colon + 1);
    if (source === 'env' && ENV_NAME.test(name)) {
      parts.push(...flush(text), { kind: 'ref', source, name, ref });
    } else if (source === 'file' && name.trim() !== '') {
      parts.push(...flush(text), { kind: 'ref', source, name, ref });
    } else {
      return { problem: `${quoteRef(ref)} is not a secret reference; write \${env:NAME} or \${file:/path}` };
    }
    text = '';
    at = end + 1;
  }
  parts.push(...flush(text));
  return { parts };
}

/** Quotes a bad reference for an error, unless it might be part of a literal secret. */
function quoteRef(ref: string): string {
  return /^[A-Za-z_][A-Za-z0-9_:./-]{0,63}$/.test(ref) ? `"\${${ref}}"` : `a "\${...}" reference`;
}

function flush(text: string): TemplatePart[] {
  return text === '' ? [] : [{ kind: 'text', text }];
}
