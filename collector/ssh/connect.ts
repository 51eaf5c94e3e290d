import type { Duplex } from 'node:stream';
import ssh2, { type ConnectConfig } from 'ssh2';
import { VigilError } from '../../correlator/errors/vigil-error.js';
import type { HostKeyPolicy, HostKeyTrust } from './host-key-policy.js';
import type { SshConnectOptions, SshTarget } from './ssh-target.js';

const { Client, utils } = ssh2;

/** An authenticated ssh2 client and how its host key was trusted. */
export interface OpenedClient {
  client: ssh2.Client;
  hostKey: HostKeyTrust;
}

/** Checks a target's credentials before any network traffic, so a bad key file names itself. */
export function checkAuth(target: SshTarget): void {
  const { auth } = target;
  if (!auth.privateKey && auth.password === undefined && !auth.agent) {
    throw new VigilError('VIGIL_ERR_SSH_CREDENTIAL_UNREADABLE', {
      what: `for ${target.user}@${target.host}`,
      reason: 'it names no private key, password or agent',
    });
  }
  if (auth.privateKey) {
    const parsed = utils.parseKey(auth.privateKey, auth.passphrase);
    if (parsed instanceof Error) {
      const source = auth.privateKeySource ? `${auth.privateKeySource} ` : '';
      throw new VigilError('VIGIL_ERR_SSH_CREDENTIAL_UNREADABLE', {
        what: `private key ${source}(for ${target.user}@${target.host})`,
        reason: keyProblem(parsed.message, auth.passphrase !== undefined),
      });
    }
  }
}

/**
 * Opens one authenticated connection with the host key pinned by `policy`, over `sock` when
 * a jump host tunnels it. Resolves when ready; rejects with a VIGIL_ERR_SSH_* error.
 */
export async function openClient(
  target: SshTarget,
  policy: HostKeyPolicy,
  options: SshConnectOptions,
  sock?: Duplex,
): Promise<OpenedClient> {
  checkAuth(target);
  const port = target.port ?? 22;
  const check = await policy.check(target.host, port);
  const client = new Client();
  const config: ConnectConfig = {
    host: target.host,
    port,
    username: target.user,
    readyTimeout: options.connectTimeoutMs ?? 10_000,
    keepaliveInterval: options.keepaliveIntervalMs ?? 15_000,
    keepaliveCountMax: options.keepaliveCountMax ?? 3,
    hostVerifier: check.verify,
    ...(check.serverHostKey ? { algorithms: { serverHostKey: check.serverHostKey as never } } : {}),
    ...(target.auth.privateKey ? { privateKey: target.auth.privateKey } : {}),
    ...(target.auth.passphrase !== undefined ? { passphrase: target.auth.passphrase } : {}),
    ...(target.auth.password !== undefined ? { password: target.auth.password } : {}),
    ...(target.auth.agent ? { agent: target.auth.agent } : {}),
    ...(sock ? { sock } : {}),
  };
  return new Promise<OpenedClient>((resolve, reject) => {
    let settled = false;
    client.once('ready', () => {
      settled = true;
      const hostKey = check.accepted();
      if (!hostKey) {
        client.end();
        reject(
          new VigilError('VIGIL_ERR_SSH_CONNECT_FAILED', { host: target.host, port, reason: 'no host key' }),
        );
        return;
      }
      resolve({ client, hostKey });
    });
    client.on('error', (error: Error & { level?: string }) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(check.refusal() ?? classify(error, target, port));
    });
    client.once('close', () => {
      if (settled) return;
      settled = true;
      reject(
        check.refusal() ??
          new VigilError('VIGIL_ERR_SSH_CONNECT_FAILED', {
            host: target.host,
            port,
            reason: 'the server closed the connection during the handshake',
          }),
      );
    });
    try {
      client.connect(config);
    } catch (error) {
      settled = true;
      reject(classify(error as Error, target, port));
    }
  });
}

/**
 * ssh2's key errors, reworded to say what to fix. The passphrase is never part of them: ssh2
 * reports only that decryption failed.
 */
function keyProblem(message: string, hasPassphrase: boolean): string {
  if (/no passphrase given/i.test(message))
    // biome-ignore lint/suspicious/noTemplateCurlyInString: vigil's secret reference syntax, shown to the user
    return 'it is encrypted and no passphrase is set; add passphrase: ${env:NAME} or ${file:path} to the credential';
  if (/bad passphrase|integrity check failed|decrypt/i.test(message) && hasPassphrase)
    return 'the passphrase does not decrypt it; check the passphrase secret (ssh-keygen -y -f <key> tests it)';
  return message;
}

function classify(error: Error & { level?: string }, target: SshTarget, port: number): VigilError {
  if (error.level === 'client-authentication') {
    return new VigilError('VIGIL_ERR_SSH_AUTH_FAILED', {
      user: target.user,
      host: target.host,
      reason: error.message,
    });
  }
  if (error.level === 'agent') {
    return new VigilError('VIGIL_ERR_SSH_AUTH_FAILED', {
      user: target.user,
      host: target.host,
      reason: `ssh-agent: ${error.message}`,
    });
  }
  return new VigilError('VIGIL_ERR_SSH_CONNECT_FAILED', { host: target.host, port, reason: error.message });
}
