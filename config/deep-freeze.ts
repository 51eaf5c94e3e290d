/**
 * Freezes an object and everything reachable from it, so a loaded config cannot be changed by
 * accident after validation (a change would bypass every check). Returns its argument.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
