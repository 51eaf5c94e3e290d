import { VigilError } from '../correlator/errors/vigil-error.js';
import { formatDuration } from './duration.js';
import { type ConfigIssue, isConfigError } from './issues.js';
import { formatListen } from './listen.js';
import { type LoadOptions, loadConfigFile } from './load.js';
import { redactSecrets } from './redact.js';
import { TOKEN_ROLES } from './schema.js';
import type { ResolvedConfig, TokenRole } from './types.js';

/** A short description of a valid config, safe to print: it holds no secret value. */
export interface ConfigSummary {
  readonly file: string;
  readonly listen: string;
  readonly store:
    | { readonly kind: 'sqlite'; readonly path: string }
    | { readonly kind: 'redis'; readonly url: string; readonly keyPrefix: string };
  readonly tokens: Readonly<Record<TokenRole, number>>;
  readonly metricsAuth: boolean;
  readonly host: { readonly enabled: boolean; readonly interval: string };
  readonly rules: readonly string[];
  /** References the config resolved, such as `env:VIGIL_VIEWER_TOKEN`. */
  readonly secrets: readonly string[];
}

/** The outcome of `vigil config check FILE`, printable as it is with `--json`. */
export interface ConfigCheckResult {
  readonly ok: boolean;
  readonly errors: readonly ConfigIssue[];
  readonly summary: ConfigSummary | null;
}

/**
 * Validates a config file the way `vigil run` would load it and reports every problem, or a
 * redacted summary when there is none: what `vigil config check FILE` prints (the CLI only
 * formats it). Secret references are resolved, so the check also proves the secrets are there.
 */
export async function checkConfigFile(path: string, options: LoadOptions = {}): Promise<ConfigCheckResult> {
  try {
    const config = await loadConfigFile(path, options);
    return { ok: true, errors: [], summary: summarize(path, config) };
  } catch (error) {
    if (isConfigError(error)) return { ok: false, errors: error.details, summary: null };
    if (error instanceof VigilError) {
      const issue: ConfigIssue = {
        code: error.code,
        message: error.message,
        file: path,
        line: null,
        column: null,
        key: null,
      };
      return { ok: false, errors: [issue], summary: null };
    }
    throw error;
  }
}

/** Summarizes a loaded config without any secret value. */
export function summarize(file: string, config: ResolvedConfig): ConfigSummary {
  const redacted = redactSecrets(config);
  const tokens = Object.fromEntries(TOKEN_ROLES.map((role) => [role, 0])) as Record<TokenRole, number>;
  for (const token of config.server.tokens) tokens[token.role] += 1;
  const { store } = redacted;
  return {
    file,
    listen: formatListen(config.server.listen),
    store:
      store.kind === 'sqlite'
        ? { kind: 'sqlite', path: store.path }
        : { kind: 'redis', url: store.url, keyPrefix: store.keyPrefix },
    tokens,
    metricsAuth: config.server.metricsAuth,
    host: { enabled: config.host.enabled, interval: formatDuration(config.host.intervalMs) },
    rules: config.rules.map((rule) => (rule.kind === 'builtin' ? rule.spec : rule.pattern)),
    secrets: [...new Set(config.source.secrets.flatMap((origin) => origin.refs))],
  };
}
