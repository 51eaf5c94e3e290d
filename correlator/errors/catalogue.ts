/**
 * The one catalogue of vigil's error codes (modelled on Fastify's `FST_ERR_*`). Every error a user
 * can see carries one of these stable codes; `docs/errors.md` documents each (a test checks it).
 * `message` is a template: `{name}` is replaced from the error's params.
 */
export const ERRORS = {
  VIGIL_ERR_BAD_REQUEST: { status: 400, message: 'The request is invalid: {reason}.' },
  VIGIL_ERR_MALFORMED_JSON: {
    status: 400,
    message:
      'The request body is not valid JSON ({reason}). Send a JSON document with Content-Type: application/json.',
  },
  VIGIL_ERR_VALIDATION: {
    status: 400,
    message: 'The request body does not match the schema: {reason}.',
  },
  VIGIL_ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: 'Content-Type {contentType} is not supported here; send application/json.',
  },
  VIGIL_ERR_EMPTY_BATCH: { status: 400, message: 'The batch holds no events; send at least one.' },
  VIGIL_ERR_BATCH_TOO_LARGE: {
    status: 413,
    message: 'The batch holds {count} events, more than the limit of {limit}; split it into smaller batches.',
  },
  VIGIL_ERR_UNSUPPORTED_VERSION: {
    status: 400,
    message: '{what} version {version} is not supported; send version {supported}.',
  },
  VIGIL_ERR_BODY_TOO_LARGE: {
    status: 413,
    message:
      'The request body is larger than the limit of {limit} bytes (server.limits.bodyBytes); send smaller batches.',
  },
  VIGIL_ERR_UNAUTHORIZED: {
    status: 401,
    message: 'A valid bearer token is required: send "Authorization: Bearer <token>".',
  },
  VIGIL_ERR_FORBIDDEN: {
    status: 403,
    message: 'The token "{token}" has role {role}; this action needs {needed}.',
  },
  VIGIL_ERR_NOT_FOUND: { status: 404, message: '{what} {id} does not exist.' },
  VIGIL_ERR_ROUTE_NOT_FOUND: { status: 404, message: 'No route {method} {url}; see /openapi.json.' },
  VIGIL_ERR_INVALID_TRANSITION: {
    status: 409,
    message: 'Incident {id} is {from}; it cannot be {action}.',
  },
  VIGIL_ERR_PROBLEM_TRANSITION: { status: 409, message: 'Problem {id} is {from}; {reason}.' },
  VIGIL_ERR_CONFLICT: { status: 409, message: 'A concurrent update changed {what}; retry the request.' },
  VIGIL_ERR_BAD_CURSOR: {
    status: 400,
    message: 'The cursor "{cursor}" is not valid; use the "next" value of a list.',
  },
  VIGIL_ERR_STORE_UNAVAILABLE: {
    status: 503,
    message: 'The store is not available ({reason}); retry later, nothing was accepted.',
  },
  VIGIL_ERR_NOT_READY: { status: 503, message: 'vigil is starting or stopping: {reason}.' },
  VIGIL_ERR_INTERNAL: { status: 500, message: 'Internal error: {reason}. The request was not applied.' },
  VIGIL_ERR_CONFIG_PARSE: { status: 400, message: '{file}:{line}:{column}: YAML syntax error: {reason}.' },
  VIGIL_ERR_CONFIG_INVALID: { status: 400, message: '{file}:{line}:{column}: {key}: {reason}.' },
  VIGIL_ERR_CONFIG_UNKNOWN_KEY: {
    status: 400,
    message: '{file}:{line}:{column}: unknown key "{key}"{hint}; remove it or fix its spelling.',
  },
  VIGIL_ERR_CONFIG_NOT_FOUND: { status: 400, message: 'Config file {file} cannot be read: {reason}.' },
  VIGIL_ERR_CONFIG_UNSUPPORTED: {
    status: 400,
    message:
      '{file}:{line}:{column}: section {key} is not available in this version of vigil yet; remove it.',
  },
  VIGIL_ERR_CONFIG_TOO_LARGE: {
    status: 400,
    message:
      'Config file {file} is larger than the limit of {limit} bytes; a vigil config is a few kilobytes, check the path.',
  },
  VIGIL_ERR_STORE_KIND_UNSUPPORTED: {
    status: 400,
    message:
      'store.kind {kind} cannot be used by `{command}` in this version of vigil; use store.kind: sqlite.',
  },
  VIGIL_ERR_OVERRIDE_INVALID: { status: 400, message: '{source} is invalid: {reason}.' },
  VIGIL_ERR_SECRET_UNRESOLVED: {
    status: 400,
    message: '{file}:{line}:{column}: {key}: secret reference {ref} cannot be resolved: {reason}.',
  },
  VIGIL_ERR_RULE_INVALID: { status: 400, message: '{file}:{line}:{column}: rule {rule}: {reason}.' },
  VIGIL_ERR_MATCHER_INVALID: { status: 400, message: 'Matcher "{matcher}" is invalid: {reason}.' },
  VIGIL_ERR_RULE_FILE_UNREADABLE: { status: 400, message: 'Rule file {file} cannot be loaded: {reason}.' },
  VIGIL_ERR_RULES_RELOAD_FAILED: {
    status: 422,
    message:
      'The rules were not reloaded and the previous rules stay in effect: {reason}. Fix the rule files and reload again.',
  },
  VIGIL_ERR_DURATION_INVALID: {
    status: 400,
    message: 'Duration "{value}" is invalid; use a number with a unit such as 30s, 5m, 2h or 1d.',
  },
  VIGIL_ERR_LISTEN_INVALID: { status: 400, message: 'Listen address "{value}" is invalid; use HOST:PORT.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** Every error code vigil can return. */
export type ErrorCode = keyof typeof ERRORS;
