import { createHash } from 'node:crypto';

/** How vigil logs in; any combination, tried in ssh2's order (password, key, agent). */
export interface SshAuth {
  /** PEM / OpenSSH private key (ed25519, RSA, ECDSA) contents. */
  privateKey?: Buffer | string;
  /**
   * Where the private key came from (its file path, or the config key holding it), so an
   * unreadable key or a wrong passphrase names it. Never the key itself.
   */
  privateKeySource?: string;
  passphrase?: string;
  password?: string;
  /** ssh-agent socket path (usually `$SSH_AUTH_SOCK`). */
  agent?: string;
}

/** One host vigil logs in to. */
export interface SshTarget {
  host: string;
  /** Default 22. */
  port?: number;
  user: string;
  auth: SshAuth;
  /** Bastion to tunnel through (`ssh -J`); may itself have a jump. */
  jump?: SshTarget;
}

/** Connection settings shared by all targets. */
export interface SshConnectOptions {
  /** TCP connect + handshake + authentication; default 10 s. */
  connectTimeoutMs?: number;
  /** Keepalive probe period; default 15 s (0 disables). */
  keepaliveIntervalMs?: number;
  /** Unanswered keepalives before the connection is dropped; default 3. */
  keepaliveCountMax?: number;
  /** Parallel channels per connection, at or below the server's MaxSessions; default 8. */
  maxSessionsPerHost?: number;
  /** First wait before retrying a refused channel (then 2x, 3x, ... for 5 retries); default 200 ms. */
  channelRetryMs?: number;
}

/**
 * The pool key of a target: one connection per user, host, port, credential and path through
 * jumps. The credential part is a digest, so a target whose own key or password is wrong never
 * rides on a connection another credential opened for the same user.
 */
export function targetKey(target: SshTarget): string {
  const own = `${target.user}@${target.host}:${target.port ?? 22}#${authDigest(target.auth)}`;
  return target.jump ? `${targetKey(target.jump)}>${own}` : own;
}

/** A short digest of a login's secrets; only ever compared, never shown or stored. */
function authDigest(auth: SshAuth): string {
  const hash = createHash('sha256');
  for (const part of [auth.privateKey ?? '', auth.passphrase ?? '', auth.password ?? '', auth.agent ?? '']) {
    const bytes = typeof part === 'string' ? Buffer.from(part) : part;
    hash.update(String(bytes.length)).update(':').update(bytes);
  }
  return hash.digest('hex').slice(0, 16);
}
