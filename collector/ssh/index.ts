export { collectSshInventory, type InventoryOptions, runSections } from './collect-inventory.js';
export { type RunnerTiming, type RunOptions, type RunResult, SshCommandRunner } from './command-runner.js';
export { checkAuth, type OpenedClient, openClient } from './connect.js';
export { SshConnection } from './connection.js';
export { SshConnectionPool } from './connection-pool.js';
export {
  discoverOverSsh,
  type SshDiscoveryOptions,
  type SshDiscoveryProgress,
  type SshDiscoveryResult,
  splitAddress,
} from './discover.js';
export { fingerprintOf, keyTypeOf } from './fingerprint.js';
export { type HostKeyCheck, HostKeyPolicy, type HostKeyTrust } from './host-key-policy.js';
export {
  type HostKeyVerdict,
  type KnownHostEntry,
  type KnownHosts,
  knownHostName,
  parseKnownHosts,
  verifyHostKey,
} from './known-hosts.js';
export { mapSshInventory, type SshInventoryContext } from './map-ssh-inventory.js';
export { remoteCommandLine } from './remote-command.js';
export { Semaphore } from './semaphore.js';
export { quoteArgument, quoteArgv } from './shell-quote.js';
export { type SshAuth, type SshConnectOptions, type SshTarget, targetKey } from './ssh-target.js';
