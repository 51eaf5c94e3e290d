/** `uname -snrm`: kernel name, node name, kernel release, machine. */
export interface Uname {
  kernelName: string;
  nodename: string;
  release: string;
  machine: string;
}

/** Parses the one line of `uname -snrm`; anything else (wrong field count, binary) is `undefined`. */
export function parseUname(text: string): Uname | undefined {
  const line = text.trim().split('\n')[0] ?? '';
  const fields = line.split(/\s+/);
  if (fields.length !== 4 || fields.some((f) => !/^[\x21-\x7e]{1,128}$/.test(f))) return undefined;
  const [kernelName, nodename, release, machine] = fields as [string, string, string, string];
  return { kernelName, nodename, release, machine };
}

/** uname's machine name in Node's `process.arch` words, as the host probe reports `arch`. */
export function nodeArch(machine: string): string {
  const map: Record<string, string> = {
    x86_64: 'x64',
    amd64: 'x64',
    aarch64: 'arm64',
    arm64: 'arm64',
    i686: 'ia32',
    i386: 'ia32',
    armv7l: 'arm',
    armv6l: 'arm',
    ppc64le: 'ppc64',
    s390x: 's390x',
    riscv64: 'riscv64',
  };
  return map[machine] ?? machine;
}
