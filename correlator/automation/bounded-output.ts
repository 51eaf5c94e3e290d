/**
 * Collects a stream's bytes up to a limit and drops the rest, so a program that prints without end
 * cannot exhaust memory or bloat a change record. Text is decoded as UTF-8 (invalid bytes become U+FFFD).
 */
export class BoundedOutput {
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  #truncated = false;

  constructor(readonly limit: number) {}

  /** Adds a chunk, keeping only what fits under the limit. */
  push(chunk: Buffer | string): void {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const room = this.limit - this.#kept;
    if (buffer.length > room) this.#truncated = true;
    if (room <= 0) return;
    const kept = buffer.length > room ? buffer.subarray(0, room) : buffer;
    this.#chunks.push(kept);
    this.#kept += kept.length;
  }

  get truncated(): boolean {
    return this.#truncated;
  }

  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}
