import { dirname, resolve } from 'node:path';
import { VigilError } from '../correlator/errors/vigil-error.js';
import { deepFreeze } from './deep-freeze.js';
import { type ConfigIssue, raiseIssues } from './issues.js';
import { parseConfigYaml } from './parse-yaml.js';
import { MAX_CONFIG_BYTES, type ReadFile, readFileBounded } from './read-file.js';
import type { RawConfig } from './schema.js';
import { schemaIssues } from './schema-issues.js';
import { resolveSecrets } from './secrets.js';
import { semanticIssues } from './semantic-checks.js';
import { toResolvedConfig } from './to-resolved.js';
import type { ResolvedConfig } from './types.js';
import { takeUnsupportedSections } from './unsupported.js';
import { withDefaults } from './with-defaults.js';

/** What loading reads besides the config text; every field has a default for production use. */
export interface LoadOptions {
  /** Environment for `${env:...}`; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Reads the config file and `${file:...}` secrets; default a bounded `fs` read. */
  readonly readFile?: ReadFile;
  /** Directory relative command-line paths start from; default `process.cwd()`. */
  readonly cwd?: string;
  /** Data directory (the default SQLite file is `<dataDir>/vigil.db`); default `<cwd>/var`. */
  readonly dataDir?: string;
}

/**
 * Loads, validates and resolves a config file: the one way vigil reads its configuration.
 * Relative paths inside it (store.path, rules, `${file:...}`) are relative to the file's own
 * directory, so a config means the same from wherever vigil is started.
 * @throws VigilError VIGIL_ERR_CONFIG_NOT_FOUND / _TOO_LARGE, or the first of all problems found
 *   (`details` lists every one as `{code, message, file, line, column, key}`).
 */
export async function loadConfigFile(path: string, options: LoadOptions = {}): Promise<ResolvedConfig> {
  const readFile = options.readFile ?? readFileBounded;
  let text: string;
  try {
    text = await readFile(resolve(options.cwd ?? process.cwd(), path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message);
    throw new VigilError('VIGIL_ERR_CONFIG_NOT_FOUND', { file: path, reason });
  }
  return loadConfigText(text, path, options);
}

/**
 * Loads config text as if read from `fileName` (used in messages and to resolve relative paths).
 * Empty text, or text holding only comments, gives the defaults.
 */
export async function loadConfigText(
  text: string,
  fileName: string,
  options: LoadOptions = {},
): Promise<ResolvedConfig> {
  const file = resolve(options.cwd ?? process.cwd(), fileName);
  return load(text, fileName, file, dirname(file), options);
}

/**
 * The config vigil runs on when given no file: every default, relative paths against the
 * working directory. `vigil run` works with no config at all (DESIGN.md "Commands").
 */
export async function loadDefaultConfig(options: LoadOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  return load('', '(defaults)', null, cwd, options);
}

async function load(
  text: string,
  displayName: string,
  file: string | null,
  baseDir: string,
  options: LoadOptions,
): Promise<ResolvedConfig> {
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES) {
    throw new VigilError('VIGIL_ERR_CONFIG_TOO_LARGE', { file: displayName, limit: MAX_CONFIG_BYTES });
  }
  const parsed = parseConfigYaml(text, displayName);
  if ('issues' in parsed) raiseIssues(parsed.issues);
  const { locator } = parsed;
  const report = { file: displayName, locator };

  const issues: ConfigIssue[] = takeUnsupportedSections(parsed.value, report);
  const raw = withDefaults(parsed.value);
  const secrets = await resolveSecrets(
    raw,
    { env: options.env ?? process.env, readFile: options.readFile ?? readFileBounded, baseDir },
    report,
  );
  // A resolved `store.kind` may select other defaults than the reference did.
  const resolved = withDefaults(secrets.value as Record<string, unknown>);
  const secretKeys = new Set(secrets.origins.map((origin) => origin.key));
  // Values as written are validated except where they hold references; those are validated
  // once resolved, and their errors never quote them.
  const asWritten = schemaIssues(raw, { ...report, secretKeys: new Set() });
  const asResolved = schemaIssues(resolved, { ...report, secretKeys });
  issues.push(...asWritten.filter((issue) => !holds(secrets.referenceKeys, issue)));
  issues.push(...secrets.issues);
  issues.push(...asResolved.filter((issue) => holds(secrets.changedKeys, issue)));
  const unresolvedKeys = new Set([...secrets.referenceKeys].filter((key) => !secrets.changedKeys.has(key)));
  issues.push(...semanticIssues(resolved, { ...report, unresolvedKeys }));
  // Whatever the filters above let through, only a value the schema accepts is converted.
  if (issues.length === 0) issues.push(...asResolved);
  if (issues.length > 0) raiseIssues(issues);

  const config = toResolvedConfig(resolved as RawConfig, {
    file,
    baseDir,
    dataDir: resolve(options.cwd ?? process.cwd(), options.dataDir ?? 'var'),
    secrets: secrets.origins,
  });
  return deepFreeze(config);
}

function holds(keys: ReadonlySet<string>, issue: ConfigIssue): boolean {
  return issue.key !== null && keys.has(issue.key);
}
