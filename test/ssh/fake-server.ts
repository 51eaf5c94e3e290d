import ssh2 from 'ssh2';

const { Server, utils } = ssh2;

/** What the fake server does with an exec request (chosen by the test). */
export type ExecBehaviour = (command: string, channel: ssh2.ServerChannel, client: ssh2.Connection) => void;

/** Decides each request of one kind: open it, or refuse it as a server at its limit would. */
export type Admission = () => 'accept' | 'reject';

/** Optional fault switches of the fake server. */
export interface FakeServerOptions {
  /** Session channel requests (`MaxSessions` reached, or sessions disabled); default accept. */
  session?: Admission;
  /** exec requests on an open session (`ForceCommand`-like refusals); default accept. */
  exec?: Admission;
}

/** An ssh2 Server for faults a real sshd will not produce on demand. */
export interface FakeSshServer {
  port: number;
  /** `[host]:port ssh-ed25519 AAAA...` for a known_hosts file. */
  knownHostsLine: string;
  /** Raw commands received, to check what the client sent. */
  commands: string[];
  close(): Promise<void>;
}

/**
 * A fresh ed25519 host key in OpenSSH format. ssh2 1.17's generator drops a leading zero byte
 * of the public key (about 1 key in 500), which its own parser then rejects as malformed: such
 * keys are generated again, so fault tests do not fail at random.
 */
export function newHostKey(): { private: string; public: string } {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(pair.private) instanceof Error))
      return { private: pair.private, public: pair.public };
  }
}

/**
 * Starts a fake SSH server on `host` (port 0 unless given) that accepts the password
 * `secret` for any user and hands every exec to `behaviour`.
 */
export async function startFakeServer(
  host: string,
  hostKey: { private: string; public: string },
  behaviour: ExecBehaviour,
  port = 0,
  options: FakeServerOptions = {},
): Promise<FakeSshServer> {
  const commands: string[] = [];
  const sockets = new Set<ssh2.Connection>();
  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.password === 'secret') ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('session', (accept, reject) => {
      if ((options.session?.() ?? 'accept') === 'reject') {
        reject();
        return;
      }
      const session = accept();
      session.on('exec', (acceptExec, rejectExec, info) => {
        commands.push(info.command);
        if ((options.exec?.() ?? 'accept') === 'reject') {
          rejectExec();
          return;
        }
        const channel = acceptExec();
        channel.on('error', () => undefined);
        behaviour(info.command, channel, client);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, () => resolve()));
  const bound = (server.address() as { port: number }).port;
  return {
    port: bound,
    knownHostsLine: `[${host}]:${bound} ${hostKey.public.split(' ').slice(0, 2).join(' ')}\n`,
    commands,
    close: async () => {
      for (const client of sockets) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
