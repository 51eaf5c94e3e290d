import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { VigilError } from '../correlator/errors/vigil-error.js';
import type { CorrelationRule } from './correlation-types.js';
import { expandRulePattern } from './file-glob.js';
import { MAX_RULE_FILE_BYTES, parseRuleText } from './parse-rule-text.js';
import { RuleError, type RuleIssue } from './rule-issues.js';
import type { RuleFile, RuleSet, ThresholdRule } from './rule-types.js';

/**
 * Loads rule files named by paths or `*` patterns (relative to `baseDir`, default the working
 * directory), in order, each file once. Rule names must be unique across all of them.
 * @example await loadRuleFiles(['./rules/*.yaml'], { baseDir: dirname(configFile) })
 */
export async function loadRuleFiles(
  patterns: readonly string[],
  { baseDir = process.cwd() }: { baseDir?: string } = {},
): Promise<RuleSet> {
  const files: RuleFile[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    for (const { path, display } of await expandRulePattern(pattern, baseDir)) {
      if (seen.has(path)) continue;
      seen.add(path);
      files.push(await readRuleFile(path, display));
    }
  }
  return combineRuleFiles(files);
}

/** The rules vigil ships (`rules/defaults/*.yaml`): what `vigil run` uses without configuration. */
export async function loadBuiltinRules(): Promise<RuleSet> {
  return loadRuleFiles(['*.yaml'], { baseDir: builtinRulesDir() });
}

/**
 * Where the shipped rule files are: next to this module when running from source, or in the
 * package's `rules/defaults` when running the compiled `dist/` (tsc does not copy YAML).
 */
export function builtinRulesDir(): string {
  const candidates = ['./defaults/', '../../rules/defaults/'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0]!;
}

/** Joins parsed rule files into one set, rejecting a threshold or correlation rule name used in two files. */
export function combineRuleFiles(files: readonly RuleFile[]): RuleSet {
  const byName = new Map<string, ThresholdRule>();
  const issues: RuleIssue[] = [];
  for (const rule of files.flatMap((file) => file.thresholds)) {
    const first = byName.get(rule.name);
    if (first) {
      issues.push({
        ...rule.origin,
        rule: rule.name,
        reason: `the name is already used at ${first.origin.file}:${first.origin.line}:${first.origin.column}`,
      });
    } else {
      byName.set(rule.name, rule);
    }
  }
  const correlationByName = new Map<string, CorrelationRule>();
  for (const rule of files.flatMap((file) => file.correlation)) {
    const first = correlationByName.get(rule.name);
    if (first) {
      issues.push({
        ...rule.origin,
        rule: rule.name,
        reason: `the correlation rule name is already used at ${first.origin.file}:${first.origin.line}:${first.origin.column}`,
      });
    } else {
      correlationByName.set(rule.name, rule);
    }
  }
  if (issues.length > 0) throw new RuleError(issues);
  const correlation = [...correlationByName.values()];
  return {
    files,
    thresholds: [...byName.values()],
    correlation: {
      classification: correlation.filter((r) => r.kind === 'classification'),
      grouping: correlation.filter((r) => r.kind === 'grouping'),
      transient: correlation.filter((r) => r.kind === 'transient'),
      flapping: correlation.filter((r) => r.kind === 'flapping'),
    },
  };
}

async function readRuleFile(path: string, display: string): Promise<RuleFile> {
  const fail = (reason: string): never => {
    throw new VigilError('VIGIL_ERR_RULE_FILE_UNREADABLE', { file: display, reason });
  };
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return fail('it is not a regular file');
    size = info.size;
  } catch (error) {
    return fail(describe(error));
  }
  if (size > MAX_RULE_FILE_BYTES)
    return fail(`it is ${size} bytes, more than the limit of ${MAX_RULE_FILE_BYTES} bytes`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return fail(describe(error));
  }
  return parseRuleText(text, display);
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'the file does not exist';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
