/**
 * A /proc or /sys file the Linux port needs is missing or unreadable (a container without
 * /proc, a hardened kernel, another OS). `FallbackFastPort` catches it (`instanceof`) and serves
 * that call from systeminformation from then on.
 */
export class ProcfsUnavailableError extends Error {
  /** The file, relative to the port's root. */
  readonly path: string;

  constructor(path: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'error';
    super(`${path} is not readable (${code})`, { cause });
    this.name = 'ProcfsUnavailableError';
    this.path = path;
  }
}

const UNAVAILABLE_CODES = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM']);

/** Whether a file-system error means "this file is not there for us" rather than a failure. */
export function isUnavailable(error: unknown): boolean {
  return UNAVAILABLE_CODES.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}
