import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import { fingerprintOf, keyTypeOf } from './fingerprint.js';
import {
  type KnownHosts,
  knownHostsLine,
  parseKnownHosts,
  pinnedKeyTypes,
  verifyHostKey,
} from './known-hosts.js';

/** Largest known_hosts file read (a big fleet's file is a few MB). */
const MAX_KNOWN_HOSTS_BYTES = 16 * 1024 * 1024;

/** How a host key was trusted; recorded on the host CI. */
export interface HostKeyTrust {
  fingerprint: string;
  keyType: string;
  /** `known_hosts`: pinned before; `tofu`: accepted on first use and appended now. */
  trust: 'known_hosts' | 'tofu';
}

/** One connection attempt's verifier, and afterwards what it decided. */
export interface HostKeyCheck {
  /** ssh2's `hostVerifier` (raw key blob, no `hostHash`). */
  verify: (key: Buffer) => boolean;
  /** Host-key algorithms to offer, pinned types first (ssh2 `algorithms.serverHostKey`). */
  serverHostKey: string[] | undefined;
  /** Set once `verify` accepted a key. */
  accepted(): HostKeyTrust | undefined;
  /** The VigilError to report when `verify` refused, else `undefined`. */
  refusal(): VigilError | undefined;
}

const ALGORITHMS_BY_TYPE: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
};

/**
 * Host-key pinning against one known_hosts file (ssh2 accepts every key unless told
 * otherwise). Unknown keys are refused unless `tofu` is on, in which case the key is appended
 * to the file so later connections are pinned; a mismatching or revoked key is always refused.
 */
export class HostKeyPolicy {
  readonly #path: string;
  readonly #tofu: boolean;
  #cache: { mtimeMs: number; size: number; known: KnownHosts } | undefined;
  /** TOFU appends serialised, so two first contacts never interleave lines. */
  #appending: Promise<void> = Promise.resolve();

  constructor(options: { knownHostsPath: string; tofu?: boolean }) {
    this.#path = options.knownHostsPath;
    this.#tofu = options.tofu ?? false;
  }

  /** The file this policy reads. */
  get knownHostsPath(): string {
    return this.#path;
  }

  /** Reads (or re-reads when changed) the file; a missing file is empty (all hosts unknown). */
  async load(): Promise<KnownHosts> {
    let info: { mtimeMs: number; size: number };
    try {
      info = await stat(this.#path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], malformedLines: [] };
      throw unreadable(this.#path, error);
    }
    if (info.size > MAX_KNOWN_HOSTS_BYTES) {
      throw new VigilError('VIGIL_ERR_SSH_CREDENTIAL_UNREADABLE', {
        what: `known_hosts file ${this.#path}`,
        reason: `it is larger than ${MAX_KNOWN_HOSTS_BYTES} bytes`,
      });
    }
    if (this.#cache && this.#cache.mtimeMs === info.mtimeMs && this.#cache.size === info.size)
      return this.#cache.known;
    const text = await readFile(this.#path, 'utf8').catch((error: unknown) => {
      throw unreadable(this.#path, error);
    });
    const known = parseKnownHosts(text);
    this.#cache = { mtimeMs: info.mtimeMs, size: info.size, known };
    return known;
  }

  /** A verifier for one connection to `host:port`. */
  async check(host: string, port: number): Promise<HostKeyCheck> {
    const known = await this.load();
    let accepted: HostKeyTrust | undefined;
    let refusal: VigilError | undefined;
    const types = pinnedKeyTypes(known, host, port).flatMap((t) => ALGORITHMS_BY_TYPE[t] ?? []);
    const params = (key: Buffer) => ({
      host: port === 22 ? host : `${host}:${port}`,
      port,
      keyType: keyTypeOf(key),
      fingerprint: fingerprintOf(key),
      knownHosts: this.#path,
    });
    return {
      serverHostKey: types.length > 0 ? types : undefined,
      accepted: () => accepted,
      refusal: () => refusal,
      verify: (key: Buffer) => {
        const verdict = verifyHostKey(known, host, port, key);
        const keyType = keyTypeOf(key);
        if (verdict.status === 'known') {
          accepted = { fingerprint: fingerprintOf(key), keyType, trust: 'known_hosts' };
          return true;
        }
        if (verdict.status === 'unknown' && this.#tofu) {
          accepted = { fingerprint: fingerprintOf(key), keyType, trust: 'tofu' };
          this.#appending = this.#appending.then(() =>
            this.#append(knownHostsLine(host, port, keyType, key)),
          );
          return true;
        }
        refusal =
          verdict.status === 'unknown'
            ? new VigilError('VIGIL_ERR_SSH_HOST_KEY_UNKNOWN', params(key))
            : new VigilError('VIGIL_ERR_SSH_HOST_KEY_MISMATCH', params(key), {
                lines: verdict.status === 'revoked' ? [verdict.line] : verdict.lines,
                revoked: verdict.status === 'revoked',
              });
        return false;
      },
    };
  }

  /** Waits for pending TOFU appends (tests, shutdown). */
  async flush(): Promise<void> {
    await this.#appending;
  }

  async #append(line: string): Promise<void> {
    try {
      await mkdir(dirname(this.#path), { recursive: true });
      await appendFile(this.#path, line, { mode: 0o600 });
      this.#cache = undefined;
    } catch {
      // The key is still trusted for this connection; the next one asks again (TOFU again).
    }
  }
}

function unreadable(path: string, error: unknown): VigilError {
  return new VigilError('VIGIL_ERR_SSH_CREDENTIAL_UNREADABLE', {
    what: `known_hosts file ${path}`,
    reason: error instanceof Error ? error.message : String(error),
  });
}
