import { resolve as resolvePath } from 'node:path';
import { type ConfigPath, formatKey } from './config-path.js';
import { type ConfigIssue, makeIssue } from './issues.js';
import { parseTemplate, type TemplatePart } from './secret-refs.js';
import type { Locator } from './yaml-locator.js';

/**
 * Where a config value came from when it held `${env:...}`/`${file:...}` references: enough to
 * print `<secret from env:NAME>` in its place, never the value itself.
 */
export interface SecretOrigin {
  /** Dotted key, as in error messages. */
  readonly key: string;
  readonly path: ConfigPath;
  /** The string as written, references unresolved. */
  readonly template: string;
  /** The references it holds, such as `env:VIGIL_VIEWER_TOKEN`. */
  readonly refs: readonly string[];
}

/** What secret references are resolved from. */
export interface SecretSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads a file as UTF-8; rejects when it cannot. */
  readonly readFile: (path: string) => Promise<string>;
  /** Directory that relative `${file:...}` paths are relative to (the config file's). */
  readonly baseDir: string;
}

/** Where problems are reported. */
export interface SecretReport {
  readonly file: string;
  readonly locator: Locator;
}

/** The config with references replaced, where they came from, and every reference that failed. */
export interface SecretResolution {
  readonly value: unknown;
  readonly origins: readonly SecretOrigin[];
  /** Keys whose string holds `${`: their value as written is not the value vigil will use. */
  readonly referenceKeys: ReadonlySet<string>;
  /** Keys whose string changed (references resolved or `$${` unescaped): validate those values. */
  readonly changedKeys: ReadonlySet<string>;
  readonly issues: readonly ConfigIssue[];
}

/**
 * Replaces every `${env:NAME}` and `${file:path}` in the string values of a config (whole value
 * or embedded), so secrets stay out of config files. `${file:...}` drops one trailing newline, as
 * `echo secret > file` writes one. A value whose reference fails stays as written and yields a
 * VIGIL_ERR_SECRET_UNRESOLVED issue naming the key and reference, never a value.
 */
export async function resolveSecrets(
  value: unknown,
  sources: SecretSources,
  report: SecretReport,
): Promise<SecretResolution> {
  const origins: SecretOrigin[] = [];
  const referenceKeys = new Set<string>();
  const changedKeys = new Set<string>();
  const issues: ConfigIssue[] = [];

  const resolveString = async (text: string, path: ConfigPath): Promise<string> => {
    if (!text.includes('${')) return text;
    referenceKeys.add(formatKey(path));
    const parsed = parseTemplate(text);
    if ('problem' in parsed) {
      issues.push(
        makeIssue('VIGIL_ERR_CONFIG_INVALID', report.file, report.locator.value(path), path, {
          reason: parsed.problem,
        }),
      );
      return text;
    }
    const refs = parsed.parts.filter((part) => part.kind === 'ref');
    if (refs.length === 0) {
      const literal = parsed.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
      if (literal !== text) changedKeys.add(formatKey(path));
      return literal;
    }
    let result = '';
    let failed = false;
    for (const part of parsed.parts) {
      const outcome = part.kind === 'text' ? { text: part.text } : await lookUp(part, sources);
      if ('reason' in outcome) {
        failed = true;
        issues.push(
          makeIssue('VIGIL_ERR_SECRET_UNRESOLVED', report.file, report.locator.value(path), path, {
            ref: `\${${part.kind === 'ref' ? part.ref : ''}}`,
            reason: outcome.reason,
          }),
        );
      } else {
        result += outcome.text;
      }
    }
    if (failed) return text;
    origins.push({ key: formatKey(path), path, template: text, refs: refs.map((part) => part.ref) });
    changedKeys.add(formatKey(path));
    return result;
  };

  const walk = async (node: unknown, path: ConfigPath): Promise<unknown> => {
    if (typeof node === 'string') return resolveString(node, path);
    if (Array.isArray(node)) {
      const items: unknown[] = [];
      for (const [index, item] of node.entries()) items.push(await walk(item, [...path, index]));
      return items;
    }
    if (node !== null && typeof node === 'object') {
      const entries: [string, unknown][] = [];
      for (const [key, child] of Object.entries(node)) entries.push([key, await walk(child, [...path, key])]);
      return Object.fromEntries(entries);
    }
    return node;
  };

  const resolved = await walk(value, []);
  return { value: resolved, origins, referenceKeys, changedKeys, issues };
}

type Lookup = { text: string } | { reason: string };

async function lookUp(part: Extract<TemplatePart, { kind: 'ref' }>, sources: SecretSources): Promise<Lookup> {
  if (part.source === 'env') {
    const text = sources.env[part.name];
    if (text === undefined) return { reason: `environment variable ${part.name} is not set` };
    if (text === '') return { reason: `environment variable ${part.name} is empty` };
    return { text };
  }
  const path = resolvePath(sources.baseDir, part.name);
  try {
    const text = (await sources.readFile(path)).replace(/\r?\n$/, '');
    return text === '' ? { reason: `file ${path} is empty` } : { text };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { reason: `file ${path} cannot be read${code ? ` (${code})` : ''}` };
  }
}
