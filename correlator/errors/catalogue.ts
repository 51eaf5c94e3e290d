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
  VIGIL_ERR_CHANGE_TRANSITION: {
    status: 409,
    message: 'Change {id} is {state}; only a change in state pending_approval can be {action}.',
  },
  VIGIL_ERR_AUTOMATION_DISABLED: {
    status: 409,
    message:
      'Automation is not running in this vigil process, so change {id} cannot be {action}; configure the automation section and restart.',
  },
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
  VIGIL_ERR_CI_ATTRIBUTE_TYPE: {
    status: 400,
    message: 'Attribute "{attribute}" of a {ciClass} must be {expected} (got {got}); nothing was changed.',
  },
  VIGIL_ERR_CI_INVALID: { status: 400, message: 'The CI cannot be stored: {reason}; nothing was changed.' },
  VIGIL_ERR_CI_FILTER: { status: 400, message: 'The CI list parameter "{parameter}" is invalid: {reason}.' },
  VIGIL_ERR_SILENCE_INVALID: { status: 400, message: 'The silence is invalid: {reason}.' },
  VIGIL_ERR_SILENCE_EXPIRED: {
    status: 409,
    message: 'Silence {id} has already expired; create a new silence instead.',
  },
  VIGIL_ERR_MAINTENANCE_INVALID: {
    status: 400,
    message: 'Maintenance window "{name}" is invalid: {reason}.',
  },
  VIGIL_ERR_MAINTENANCE_CONFLICT: { status: 409, message: 'Maintenance window "{name}": {reason}.' },
  VIGIL_ERR_NOTIFICATION_STATE: {
    status: 409,
    message: 'Notification {id} is {state}; only a dead notification can be retried.',
  },
  VIGIL_ERR_NOTIFY_UNAVAILABLE: {
    status: 409,
    message: 'Notifications are not available here: {reason}.',
  },
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
  VIGIL_ERR_SERVER_NEEDS_REDIS: {
    status: 400,
    message:
      '`vigil server` needs store.kind: redis (the config {file} has store.kind {kind}): replicas share their state, ingest stream and timer lease through Redis. Set store: { kind: redis, url: redis://HOST:6379 }, or use `vigil run` on one machine.',
  },
  VIGIL_ERR_SERVER_SECTION_UNSUPPORTED: {
    status: 400,
    message:
      'Section {section} of {file} cannot run under `vigil server`: {reason}. Remove it from the server config{hint}.',
  },
  VIGIL_ERR_STREAM_FULL: {
    status: 503,
    message:
      'The ingest stream holds {count} entries, the limit set by store.stream.maxLength: the vigil server replicas are behind or stopped. Nothing was accepted; retry later, and start or scale replicas.',
  },
  VIGIL_ERR_LEASE_LOST: {
    status: 503,
    message:
      'This replica lost the timer lease while {what}; the write was refused. The replica holding the lease now runs the work at its next start; if this repeats, raise store.lease.ttl or look for pauses (CPU starvation, a stopped process) and Redis latency.',
  },
  VIGIL_ERR_UNSUPPORTED_ENCODING: {
    status: 415,
    message: 'Content-Encoding {encoding} is not supported; send the body uncompressed or with gzip.',
  },
  VIGIL_ERR_AGENT_URL_MISSING: {
    status: 400,
    message:
      '{file}: `vigil agent` needs agent.url (the correlator, such as https://vigil.example:9860) and agent.token.',
  },
  VIGIL_ERR_AGENT_AUTH: {
    status: 401,
    message:
      'The correlator at {url} refused the agent token (HTTP {status}); events stay in the spool. Fix agent.token or the server token list.',
  },
  VIGIL_ERR_SPOOL_CORRUPT: {
    status: 500,
    message:
      'Spool segment {file} is damaged at byte {offset} ({reason}); the damaged tail was set aside as {file}.corrupt and the rest is replayed.',
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
  VIGIL_ERR_ENV_INVALID: {
    status: 400,
    message: 'Environment variable {name}="{value}" is invalid: {reason}; fix or unset it.',
  },
  VIGIL_ERR_SNMP_TIMEOUT: {
    status: 504,
    message: 'SNMP agent {target} did not answer within {timeoutMs} ms after {retries} retries{hint}.',
  },
  VIGIL_ERR_SNMP_REQUEST: { status: 502, message: 'SNMP request to {target} failed: {reason}.' },
  VIGIL_ERR_SNMP_WALK_LIMIT: {
    status: 502,
    message:
      'SNMP walk of {base} on {target} returned more than {limit} values; the agent may be looping. Raise maxVarbinds only if the table is really that large.',
  },
  VIGIL_ERR_SNMP_CREDENTIAL: {
    status: 400,
    message: 'SNMP credential set "{name}" cannot be used: {reason}.',
  },
  VIGIL_ERR_DISCOVER_TARGET: {
    status: 400,
    message:
      'Discovery target "{value}" is invalid: {reason}. Use an IPv4 or IPv6 address, a host name, HOST:PORT, [v6]:PORT, an IPv4 CIDR up to /16 such as 10.0.0.0/24 or an IPv6 CIDR up to /112 such as fd00::/120.',
  },
  VIGIL_ERR_SSH_HOST_KEY_UNKNOWN: {
    status: 502,
    message:
      'SSH host {host} offered {keyType} key {fingerprint}, which {knownHosts} does not list; check the fingerprint with the host owner, then add it (ssh-keyscan -p {port} {host} >> {knownHosts}) or set ssh.tofu: true.',
  },
  VIGIL_ERR_SSH_HOST_KEY_MISMATCH: {
    status: 502,
    message:
      'SSH host {host} offered {keyType} key {fingerprint}, but {knownHosts} pins a different key for it; if the host was reinstalled remove the old entry (ssh-keygen -R {host} -f {knownHosts}) and add the new key, otherwise treat it as an attack.',
  },
  VIGIL_ERR_SSH_AUTH_FAILED: {
    status: 502,
    message:
      'SSH login as {user}@{host} failed ({reason}); check the key, password or agent and the account authorized_keys.',
  },
  VIGIL_ERR_SSH_CONNECT_FAILED: {
    status: 502,
    message: 'Cannot reach SSH on {host}:{port}: {reason}; check the address, the port and that sshd runs.',
  },
  VIGIL_ERR_SSH_CREDENTIAL_UNREADABLE: {
    status: 400,
    message: 'SSH credential {what} cannot be used: {reason}; fix the file or the setting.',
  },
  VIGIL_ERR_SSH_COMMAND_FAILED: {
    status: 502,
    message: 'SSH command on {host} could not run: {reason}.',
  },
  VIGIL_ERR_SSH_BAD_ARGUMENT: {
    status: 400,
    message: 'SSH command argument {index} is not allowed: {reason}.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

/** Every error code vigil can return. */
export type ErrorCode = keyof typeof ERRORS;
