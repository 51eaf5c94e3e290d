import type { SshAuth, SshTarget } from '../collector/ssh/ssh-target.js';
import type { SshConfig, SshCredentialConfig, SshTargetConfig } from '../config/types.js';

/** The login of a credential set as ssh2 takes it. */
function authOf(credential: SshCredentialConfig): SshAuth {
  return {
    ...(credential.privateKey
      ? {
          privateKey: Buffer.from(credential.privateKey),
          privateKeySource: credential.privateKeySource ?? `ssh.credentials "${credential.name}" privateKey`,
        }
      : {}),
    ...(credential.passphrase !== undefined ? { passphrase: credential.passphrase } : {}),
    ...(credential.password !== undefined ? { password: credential.password } : {}),
    ...(credential.agent ? { agent: credential.agent } : {}),
  };
}

/**
 * The ssh2 target of one `ssh.targets` entry: its credential's user and login, through its jump
 * host if it names one. The config checks guarantee the names exist; monitoring and remediation
 * both log in this way, so a runbook runs with exactly the access monitoring has.
 */
export function sshTargetOf(entry: SshTargetConfig, config: SshConfig): SshTarget {
  const credential = config.credentials.find((c) => c.name === entry.credential)!;
  const jump = entry.jump ? config.jumpHosts.find((j) => j.name === entry.jump) : undefined;
  const jumpCredential = jump ? config.credentials.find((c) => c.name === jump.credential)! : undefined;
  return {
    host: entry.host,
    port: entry.port,
    user: credential.user,
    auth: authOf(credential),
    ...(jump && jumpCredential
      ? {
          jump: { host: jump.host, port: jump.port, user: jumpCredential.user, auth: authOf(jumpCredential) },
        }
      : {}),
  };
}
