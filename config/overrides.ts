import { resolve } from 'node:path';
import { VigilError } from '../correlator/errors/vigil-error.js';
import { formatKey } from './config-path.js';
import { deepFreeze } from './deep-freeze.js';
import { hintFor } from './did-you-mean.js';
import { parseListen } from './listen.js';
import { loadConfigFile, loadDefaultConfig } from './load.js';
import type { ReadFile } from './read-file.js';
import { LOG_LEVELS, MIN_TOKEN_LENGTH } from './schema.js';
import type { LogLevel, ResolvedConfig } from './types.js';

/** The common command-line flags that change the config (DESIGN.md "Commands"). */
export interface RuntimeFlags {
  /** `--listen HOST:PORT`: replaces `server.listen`. */
  readonly listen?: string;
  /** `--data-dir DIR`: embedded store and spool; default `./var`. */
  readonly dataDir?: string;
  /** `--log-level LEVEL`: replaces `server.logLevel`. */
  readonly logLevel?: string;
}

/** Everything the final configuration of a vigil process depends on. */
export interface RuntimeOptions {
  /** `-c/--config FILE`; without it vigil runs on defaults. */
  readonly configPath?: string;
  readonly flags?: RuntimeFlags;
  /** Process environment: secret references and `VIGIL_ADMIN_TOKEN`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative flags start from; default `process.cwd()`. */
  readonly cwd?: string;
  readonly readFile?: ReadFile;
}

/** The configuration a process runs with, and its absolute data directory. */
export interface RuntimeConfig {
  readonly config: ResolvedConfig;
  readonly dataDir: string;
}

/** Name of the admin token taken from `VIGIL_ADMIN_TOKEN`. */
export const ENV_ADMIN_TOKEN_NAME = 'env-admin';

/**
 * Builds the configuration a vigil process runs with: the config file (or defaults), then the
 * command-line flags on top, then `VIGIL_ADMIN_TOKEN` as an extra admin token named `env-admin`
 * (an empty variable counts as unset). Flags win over the file because they are the operator's
 * latest word. The data directory is relative to the working directory, like any CLI path.
 * @throws VigilError config errors, VIGIL_ERR_LISTEN_INVALID, VIGIL_ERR_OVERRIDE_INVALID
 */
export async function resolveRuntimeConfig(options: RuntimeOptions): Promise<RuntimeConfig> {
  const { flags = {}, env } = options;
  const cwd = options.cwd ?? process.cwd();
  const listen = flags.listen === undefined ? undefined : parseListen(flags.listen);
  const logLevel = flags.logLevel === undefined ? undefined : checkLogLevel(flags.logLevel);
  if (flags.dataDir !== undefined && flags.dataDir.trim() === '') {
    throw new VigilError('VIGIL_ERR_OVERRIDE_INVALID', { source: '--data-dir', reason: 'it is empty' });
  }
  const dataDir = resolve(cwd, flags.dataDir ?? 'var');
  const loadOptions = { env, cwd, dataDir, ...(options.readFile ? { readFile: options.readFile } : {}) };
  const loaded =
    options.configPath === undefined
      ? await loadDefaultConfig(loadOptions)
      : await loadConfigFile(options.configPath, loadOptions);
  const server = {
    ...loaded.server,
    ...(listen ? { listen } : {}),
    ...(logLevel ? { logLevel } : {}),
  };
  const withToken = addEnvAdminToken({ ...loaded, server }, env['VIGIL_ADMIN_TOKEN']);
  return { config: deepFreeze(withToken), dataDir };
}

function checkLogLevel(value: string): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  throw new VigilError('VIGIL_ERR_OVERRIDE_INVALID', {
    source: `--log-level "${value}"`,
    reason: `use one of ${LOG_LEVELS.join(', ')}${hintFor(value, LOG_LEVELS)}`,
  });
}

function addEnvAdminToken(config: ResolvedConfig, token: string | undefined): ResolvedConfig {
  if (token === undefined || token === '') return config;
  const invalid = (reason: string) =>
    new VigilError('VIGIL_ERR_OVERRIDE_INVALID', {
      source: 'Environment variable VIGIL_ADMIN_TOKEN',
      reason,
    });
  if (token.length < MIN_TOKEN_LENGTH) {
    throw invalid(
      `it must be at least ${MIN_TOKEN_LENGTH} characters long; generate one with "openssl rand -hex 24"`,
    );
  }
  const { tokens } = config.server;
  if (tokens.some((entry) => entry.name === ENV_ADMIN_TOKEN_NAME)) {
    throw invalid(`the config already has a token named "${ENV_ADMIN_TOKEN_NAME}"; rename that one`);
  }
  const twin = tokens.find((entry) => entry.token === token);
  if (twin)
    throw invalid(`it is the same secret as the config's token "${twin.name}"; use a different value`);
  const path = ['server', 'tokens', tokens.length, 'token'];
  return {
    ...config,
    server: { ...config.server, tokens: [...tokens, { name: ENV_ADMIN_TOKEN_NAME, role: 'admin', token }] },
    source: {
      ...config.source,
      secrets: [
        ...config.source.secrets,
        {
          key: formatKey(path),
          path,
          template: `\${env:VIGIL_ADMIN_TOKEN}`,
          refs: ['env:VIGIL_ADMIN_TOKEN'],
        },
      ],
    },
  };
}
