/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The known word closest to a misspelt one, when it is within edit distance 2 (case ignored) and
 * no other word is as close, so an unknown key or value can say `(did you mean "listen"?)`.
 * @example didYouMean('lisen', ['listen', 'tokens']) === 'listen'
 */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  let best: string[] = [];
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance >= Math.max(word.length, candidate.length) || distance > bestDistance) continue;
    best = distance < bestDistance ? [candidate] : [...best, candidate];
    bestDistance = distance;
  }
  return best.length === 1 ? best[0] : undefined;
}

/** The ` (did you mean "x"?)` suffix for a message, or an empty string. */
export function hintFor(word: string, known: readonly string[]): string {
  const match = didYouMean(word, known);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}
