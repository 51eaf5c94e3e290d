export { type ConfigCheckResult, type ConfigSummary, checkConfigFile, summarize } from './check.js';
export { type ConfigPath, formatKey } from './config-path.js';
export { formatDuration, parseDuration } from './duration.js';
export { ConfigError, type ConfigIssue, isConfigError } from './issues.js';
export { formatListen, type ListenAddress, parseListen } from './listen.js';
export { type LoadOptions, loadConfigFile, loadConfigText, loadDefaultConfig } from './load.js';
export {
  ENV_ADMIN_TOKEN_NAME,
  type RuntimeConfig,
  type RuntimeFlags,
  type RuntimeOptions,
  resolveRuntimeConfig,
} from './overrides.js';
export { MAX_CONFIG_BYTES, type ReadFile } from './read-file.js';
export { INLINE_SECRET, type RedactedConfig, redactSecrets, secretKeys } from './redact.js';
export {
  BUILTIN_RULE_SETS,
  ConfigSchema,
  DEFAULT_ASSIGNMENT_GROUP,
  LOG_LEVELS,
  MIN_TOKEN_LENGTH,
  type RawConfig,
  TOKEN_ROLES,
  UNSUPPORTED_SECTIONS,
} from './schema.js';
export { SECRET_KEY_PATTERNS } from './secret-keys.js';
export type { SecretOrigin } from './secrets.js';
export type * from './types.js';
