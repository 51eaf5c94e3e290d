import { sectionMarker } from '../scripts.js';

/**
 * Splits a section script's output at its nonce markers into `name -> text`. Text before the
 * first marker and sections without a marker are dropped; a repeated name keeps the first.
 */
export function parseSections(output: string, nonce: string, names: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  const markers = names.map((name) => ({ name, line: `\n${sectionMarker(nonce, name)}\n` }));
  const positions = markers
    .map((m) => ({ ...m, at: output.indexOf(m.line) }))
    .filter((m) => m.at >= 0)
    .sort((a, b) => a.at - b.at);
  for (let i = 0; i < positions.length; i++) {
    const current = positions[i]!;
    const start = current.at + current.line.length;
    const end = i + 1 < positions.length ? positions[i + 1]!.at : output.length;
    if (!found.has(current.name)) found.set(current.name, output.slice(start, end));
  }
  return found;
}
