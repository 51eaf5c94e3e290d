import Type from 'typebox';
import { AUTH_PROTOCOLS, PRIV_PROTOCOLS } from '../collector/snmp/credential.js';
import { parseDuration } from './duration.js';
import { listenProblem } from './listen.js';

const closed = { additionalProperties: false } as const;

const name = (description: string) =>
  Type.Refine(
    Type.String({ description, examples: ['core'] }),
    (v) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v),
    () => 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

const interval = (fallback: string, description: string) =>
  Type.Refine(
    Type.String({ default: fallback, description, examples: ['30s', '5m'] }),
    (v) => {
      try {
        return parseDuration(v) >= 1000;
      } catch {
        return false;
      }
    },
    () => 'must be a duration of at least 1s, such as 30s, 5m or 1h',
  );

/** One `snmp.credentials[]` entry; which keys are required depends on `version` (checked after). */
export const SnmpCredentialSchema = Type.Object(
  {
    name: name('Name that targets, traps and discovery refer to.'),
    version: Type.Enum(['1', '2c', '3'], { description: 'SNMP version: 1, 2c or 3.' }),
    community: Type.Optional(
      Type.String({ description: `v1/v2c community; use \${env:NAME} or \${file:path}.` }),
    ),
    user: Type.Optional(Type.String({ description: 'v3 user name.' })),
    authProtocol: Type.Optional(Type.Enum(AUTH_PROTOCOLS, { description: 'v3 authentication protocol.' })),
    authKey: Type.Optional(
      Type.String({ description: 'v3 authentication key (>= 8 characters); a secret reference.' }),
    ),
    privProtocol: Type.Optional(
      Type.Enum(PRIV_PROTOCOLS, { description: 'v3 privacy protocol (aes = AES-128).' }),
    ),
    privKey: Type.Optional(
      Type.String({ description: 'v3 privacy key (>= 8 characters); a secret reference.' }),
    ),
  },
  closed,
);

const SnmpTarget = Type.Object(
  {
    host: Type.String({ minLength: 1, maxLength: 253, description: 'Address or host name of the device.' }),
    port: Type.Integer({ minimum: 1, maximum: 65_535, default: 161, description: 'UDP port of the agent.' }),
    credential: name('Name of the credential set in snmp.credentials.'),
    interval: interval('60s', 'How often the device is polled.'),
    name: Type.Optional(
      Type.String({ minLength: 1, description: 'Resource name for events; default sysName.' }),
    ),
    timeout: interval('2s', 'Timeout of one SNMP request.'),
    retries: Type.Integer({ minimum: 0, maximum: 10, default: 1, description: 'Retries per request.' }),
    maxRepetitions: Type.Integer({
      minimum: 1,
      maximum: 200,
      default: 25,
      description: 'GETBULK max-repetitions.',
    }),
    hostResources: Type.Boolean({
      default: true,
      description: 'Also poll HOST-RESOURCES storage and processors.',
    }),
    sensors: Type.Boolean({ default: true, description: 'Also poll ENTITY-SENSOR readings.' }),
  },
  closed,
);

const Traps = Type.Object(
  {
    listen: Type.Refine(
      Type.String({
        description: 'HOST:PORT of the trap listener (162 needs privileges).',
        examples: ['0.0.0.0:1162'],
      }),
      (v) => listenProblem(v) === null,
      (v) => listenProblem(v) ?? 'must be HOST:PORT',
    ),
    credentials: Type.Array(name('A credential set whose community or v3 user is accepted.'), {
      minItems: 1,
      description: 'Credential sets accepted for traps and informs; anything else is refused and counted.',
    }),
    engineID: Type.Optional(
      Type.Refine(
        Type.String({ description: 'Fixed v3 engine ID of the receiver, hex (10 to 64 digits).' }),
        (v) => /^(0x)?[0-9a-fA-F]{10,64}$/.test(v),
        () => 'must be 10 to 64 hex digits',
      ),
    ),
  },
  closed,
);

const Discovery = Type.Object(
  {
    name: Type.Optional(
      name('Name of the sweep in logs and metrics (label `job`); default `discovery-<position>`.'),
    ),
    range: Type.String({
      minLength: 1,
      maxLength: 4096,
      description:
        'What to sweep, one or more of (separated by commas or spaces): an IPv4 CIDR up to /16, an IPv6 CIDR up to /112, an address, a host name, HOST:PORT or [v6]:PORT.',
      examples: ['10.0.0.0/24', 'fd00:10::/120, core-sw-1:1161'],
    }),
    credentials: Type.Array(name('A credential set in snmp.credentials, tried in this order.'), {
      minItems: 1,
      maxItems: 16,
    }),
    every: Type.Optional(
      Type.String({
        description: 'Period between sweeps (at least 1m); the first runs at start.',
        examples: ['6h'],
      }),
    ),
    cron: Type.Optional(
      Type.String({
        maxLength: 128,
        description: 'Five-field cron expression for the sweep starts, instead of `every`.',
        examples: ['0 2 * * *'],
      }),
    ),
    timezone: Type.String({ default: 'UTC', description: 'IANA time zone of `cron`.' }),
    crawl: Type.Boolean({
      default: false,
      description: 'Also probe LLDP/CDP neighbours whose addresses are inside `range`.',
    }),
    concurrency: Type.Integer({
      minimum: 1,
      maximum: 1024,
      default: 64,
      description: 'Addresses probed at once.',
    }),
    timeout: interval('1s', 'Timeout of the first GET that finds out whether an address answers.'),
    retries: Type.Integer({ minimum: 0, maximum: 10, default: 1, description: 'Retries per request.' }),
    maxRepetitions: Type.Integer({
      minimum: 1,
      maximum: 200,
      default: 25,
      description: 'GETBULK max-repetitions of inventory walks.',
    }),
  },
  closed,
);

/** The `snmp` section: credential sets, polled targets, the trap listener and scheduled discovery. */
export const SnmpSchema = Type.Object(
  {
    credentials: Type.Array(SnmpCredentialSchema, { default: [], maxItems: 64 }),
    targets: Type.Array(SnmpTarget, { default: [], maxItems: 10_000 }),
    traps: Type.Optional(Traps),
    discovery: Type.Array(Discovery, {
      default: [],
      maxItems: 256,
      description:
        'Ranges that `vigil run` (or the timer-lease holder of `vigil server`) sweeps on a schedule into the CMDB, like `vigil discover`.',
    }),
    concurrency: Type.Integer({
      minimum: 1,
      maximum: 1024,
      default: 32,
      description: 'Devices polled at once.',
    }),
    inventoryInterval: interval('1h', 'How often each target inventory is walked into the CMDB.'),
    downAfterFailures: Type.Integer({
      minimum: 1,
      maximum: 100,
      default: 3,
      description:
        "Consecutive failed polls after which a device's CI counts as down (its outage starts at the first of them).",
    }),
  },
  closed,
);
