/** Where a remote command runs. */
export interface RemoteTarget {
  host: string;
  port?: number;
  user?: string;
}

/** Bounds of one remote execution. */
export interface RemoteRunOptions {
  /** Stops the remote command after this long (the runner must really stop it, e.g. `timeout -k`). */
  timeoutMs: number;
  /** Most bytes of stdout and of stderr kept; the rest is dropped and `truncated` set. */
  maxOutputBytes: number;
}

/** What a remote execution gave. */
export interface RemoteRunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  durationMs: number;
  timedOut: boolean;
}

/**
 * Runs a command on a remote host: the seam between remediation and the SSH client
 * (collector/ssh, built separately). `argv` holds one element per argument, never a command line:
 * an implementation that has to hand a string to a remote shell must quote every element
 * (`shellQuote` in ./shell-quote.ts), so event values stay literal arguments.
 */
export interface RemoteRunner {
  run(target: RemoteTarget, argv: readonly string[], options: RemoteRunOptions): Promise<RemoteRunResult>;
}
